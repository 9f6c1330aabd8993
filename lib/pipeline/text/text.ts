// Small text helpers shared by the offline engine: language detection, paragraphs, sentences,
// shortening. Everything is pure and deterministic.
import type { Language } from '../schema';

const CJK_CHAR = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const CJK_GLOBAL = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
const LATIN_GLOBAL = /[A-Za-z]/g;

export const isCjk = (ch: string | undefined): boolean => ch !== undefined && CJK_CHAR.test(ch);

/** Share of CJK characters among CJK + Latin letters (0 when there are neither). */
export function cjkRatio(text: string): number {
  const cjk = text.match(CJK_GLOBAL)?.length ?? 0;
  const latin = text.match(LATIN_GLOBAL)?.length ?? 0;
  return cjk + latin === 0 ? 0 : cjk / (cjk + latin);
}

/** zh when more than 30% of the letters are CJK, else en. */
export const detectLanguage = (text: string): Language => (cjkRatio(text) > 0.3 ? 'zh' : 'en');

/** Size of a text in the unit episodes are measured in: CJK characters for zh, words for en. */
export function sourceUnits(text: string, language: Language): number {
  if (language === 'zh') return text.replace(/\s+/g, '').length;
  return text.match(/[A-Za-z0-9’']+/g)?.length ?? 0;
}

export interface Paragraph {
  text: string;
  /** Offset of the paragraph's first character within the text it was split from. */
  start: number;
}

/**
 * Paragraphs of a chapter. Blank lines always separate paragraphs; inside a block, zh starts a
 * paragraph on every line, en joins hard-wrapped lines unless a line is indented or long.
 */
export function splitParagraphs(text: string, language: Language): Paragraph[] {
  const out: Paragraph[] = [];
  let parts: string[] = [];
  let start = 0;
  const flush = () => {
    const joined = parts.join(language === 'zh' ? '' : ' ').trim();
    if (joined) out.push({ text: joined, start });
    parts = [];
  };
  let offset = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const lineStart = offset;
    offset += raw.length + 1;
    const trimmed = line.trim();
    if (!trimmed) {
      flush();
      continue;
    }
    const indented = /^[\s\u3000]/.test(line);
    if (language === 'zh' || indented || trimmed.length > 90) flush();
    if (parts.length === 0) start = lineStart + line.indexOf(trimmed.charAt(0));
    parts.push(trimmed.replace(/\s+/g, ' '));
  }
  flush();
  return out;
}

const ZH_END = '。！？!?';
const CLOSERS = '”’」』）)"\'';

/** Sentences, each keeping its end punctuation and closing quotes. */
export function splitSentences(text: string, language: Language): string[] {
  const out: string[] = [];
  let start = 0;
  const push = (end: number) => {
    const s = text.slice(start, end).trim();
    if (s) out.push(s);
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const isEnd = language === 'zh' ? ZH_END.includes(ch) : '.!?'.includes(ch);
    if (!isEnd) continue;
    let j = i + 1;
    while (j < text.length && (ZH_END.includes(text.charAt(j)) || '.!?…'.includes(text.charAt(j)))) j++;
    while (j < text.length && CLOSERS.includes(text.charAt(j))) j++;
    if (language === 'en') {
      // an English sentence ends only before whitespace + something that can start a sentence
      const next = text.slice(j).match(/^\s+(\S)/);
      if (j < text.length && (!next || !/[A-Z“"‘'(_0-9]/.test(next[1] ?? ''))) continue;
      if (ch === '.' && /\b(?:Mr|Mrs|Ms|Dr|St|Mt|vs|etc)$/.test(text.slice(start, i))) continue;
    }
    push(j);
    i = j - 1;
  }
  push(text.length);
  return out;
}

/** Cut a text to at most `max` characters, preferring a clause boundary; adds … when cut. */
export function clip(text: string, max: number): string {
  const t = text.trim();
  if (t.length <= max) return t;
  const head = t.slice(0, max);
  const boundary = Math.max(
    head.lastIndexOf('，'),
    head.lastIndexOf('；'),
    head.lastIndexOf('、'),
    head.lastIndexOf(', '),
    head.lastIndexOf('; '),
  );
  if (boundary >= max * 0.5) return `${head.slice(0, boundary)}…`;
  const space = head.lastIndexOf(' ');
  if (space >= max * 0.6) return `${head.slice(0, space)}…`;
  return `${head}…`;
}

/** Maximum length of an action line. */
export const ACTION_MAX: Record<Language, number> = { zh: 60, en: 160 };

/** Shorten a narration paragraph into an action line: its first sentence, clipped. */
export function shorten(text: string, language: Language, max = ACTION_MAX[language]): string {
  const first = splitSentences(text, language)[0] ?? text;
  return clip(stripMarkup(first), max);
}

/** Drop Gutenberg-style emphasis marks and collapse whitespace. */
export const stripMarkup = (text: string): string =>
  text
    .replace(/_([^_]+)_/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Stable comparison for sorting by a numeric score desc, then by a tie-breaker string asc. */
export function byScoreThenName<T>(score: (x: T) => number, name: (x: T) => string) {
  return (a: T, b: T): number => score(b) - score(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
}
