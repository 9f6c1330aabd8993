// Checks on the novel text beyond its JSON type: present, well-formed, storable, within limits.
import { type AppError, tooLarge, unprocessable } from '../errors';

/** Characters as a writer counts them: code points, not UTF-16 units. Pure: the submit form counts with it too. */
export function countChars(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

export function validateNovel(text: string, maxChars: number): { length: number } {
  if (text.length > maxChars * 2) throw tooLargeNovel(maxChars);
  if (text.trim() === '') {
    throw unprocessable('empty_novel', 'novel_content is empty; paste the novel text.', 'novel_content');
  }
  if (text.includes('\u0000')) {
    throw unprocessable('invalid_characters', 'novel_content contains NUL characters (\\u0000).', 'novel_content');
  }
  if (!text.isWellFormed()) {
    throw unprocessable('invalid_characters', 'novel_content contains unpaired UTF-16 surrogates.', 'novel_content');
  }
  const length = countChars(text);
  if (length > maxChars) throw tooLargeNovel(maxChars);
  return { length };
}

function tooLargeNovel(maxChars: number): AppError {
  return tooLarge(`novel_content is longer than ${maxChars.toLocaleString('en')} characters.`, 'novel_content');
}
