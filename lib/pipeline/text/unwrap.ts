// Whitespace repair before anything else reads the text: line endings, spaces that a PDF or a
// fixed-width file left inside Chinese words (我 们 → 我们), and hard-wrapped Chinese lines joined
// back into their paragraphs. Only whitespace is ever removed, never a visible character.
import type { Language } from '../schema';

const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
/** A space or tab between two CJK characters or CJK punctuation (not the ideographic space 　). */
const CJK_GAP = new RegExp(
  `(?<=[${CJK}\\u3001-\\u3003\\u300a-\\u3011\\uff01-\\uff1f\\u201c\\u201d])[ \\t]+(?=[${CJK}\\u3001-\\u3003\\u300a-\\u3011\\uff01-\\uff1f\\u201c\\u201d])`,
  'g',
);
/** What a finished zh line ends with. */
const ZH_LINE_END = /[。！？!?…”」』）)：:；;—]$/;
const HEADING_LIKE =
  /^[\s\u3000]*(?:第[^\n]{1,8}[章回节卷]|[〇零一二三四五六七八九十百千]{1,4}[\s\u3000]*$|(?:注释|注解|注|附注|译注|译者注)[:：]?$)/;
const MARKER_START = /^[\s\u3000]*(?:[\u2460-\u249b\u3251-\u325f\u32b1-\u32bf]|\[\d|〔\d|【\d|注[\d\u2460-\u2473：:])/;

/** Share of longer zh lines that stop mid-sentence: high in a hard-wrapped file. */
function wrappedShare(lines: string[]): number {
  const long = lines.map((l) => l.trim()).filter((l) => l.length >= 12);
  if (long.length < 4) return 0;
  return long.filter((l) => !ZH_LINE_END.test(l)).length / long.length;
}

/** Join hard-wrapped zh lines: a line that stops mid-sentence continues on an unindented line. */
function joinWrapped(text: string): string {
  const lines = text.split('\n');
  if (wrappedShare(lines) < 0.4) return text;
  const out: string[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    const joinable =
      prev !== undefined &&
      prev.trim().length >= 12 &&
      !ZH_LINE_END.test(prev.trimEnd()) &&
      !HEADING_LIKE.test(prev) &&
      line.trim() !== '' &&
      !/^[\s\u3000]/.test(line) &&
      !HEADING_LIKE.test(line) &&
      !MARKER_START.test(line);
    if (joinable) out[out.length - 1] = prev.trimEnd() + line;
    else out.push(line);
  }
  return out.join('\n');
}

/** The text with normalised line ends and, for zh, hard-wrap whitespace removed. */
export function unwrapText(raw: string, language: Language): string {
  const text = raw.replace(/\r\n?/g, '\n');
  if (language !== 'zh') return text;
  return joinWrapped(text.replace(CJK_GAP, ''));
}
