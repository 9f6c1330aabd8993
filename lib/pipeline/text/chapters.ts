// Chapter splitting: 第X章 headings, centred Chinese numerals, English CHAPTER headings, and a
// fallback to blank-line blocks grouped into ~3000-character chunks. A table of contents (headings
// with no body, before the first real chapter) is reported apart; a short closing section is kept.
import type { Language } from '../schema';
import { detectLanguage } from './text';

export interface Chapter {
  /** 1-based, consecutive after the table of contents is dropped. */
  number: number;
  /** The chapter's own title (序, Down the Rabbit-Hole), or its heading when it has none. */
  title: string;
  /** The heading as written (第一章, CHAPTER I.), or a generated label for fallback chunks. */
  heading: string;
  /** Body text, heading excluded, trimmed. */
  text: string;
  /** Offsets in the input: from the heading's line to the next chapter's heading. */
  start: number;
  end: number;
  /** prepareText marks a preface as 'prologue'; absent means an ordinary chapter. */
  kind?: 'prologue' | 'chapter' | 'epilogue';
}

interface Line {
  text: string;
  start: number;
}

interface Heading {
  line: number;
  /** First line of the body (after a title line when the title sits on its own line). */
  bodyLine: number;
  heading: string;
  title: string;
}

const CN_NUM = '〇零一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾佰';
const ZH_HEADING = new RegExp(`^[\\s\\u3000]*(第[\\s\\u3000]*[${CN_NUM}0-9０-９]+[\\s\\u3000]*[章回节卷])(.*)$`);
const CENTRED_NUMERAL = new RegExp(`^[\\s\\u3000]*([${CN_NUM}]{1,4})[\\s\\u3000]*$`);
const EN_HEADING = /^\s*((?:CHAPTER|Chapter)\s+(?:[IVXLCDM]+|\d+|[A-Z][A-Za-z]+)\b\.?)(.*)$/;
const CHUNK = 3000;

function toLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.replace(/\r$/, ''), start });
    start += raw.length + 1;
  }
  return lines;
}

const cleanTitle = (s: string): string =>
  s
    .replace(/^[\s\u3000:：.、—\-–]+/, '')
    .replace(/[\s\u3000]+$/, '')
    .replace(/\s+/g, ' ');

function nextNonEmpty(lines: Line[], from: number, limit: number): number {
  for (let i = from; i < Math.min(lines.length, from + limit); i++) if (lines[i]?.text.trim()) return i;
  return -1;
}

function zhHeadings(lines: Line[]): Heading[] {
  const out: Heading[] = [];
  lines.forEach((l, i) => {
    const m = l.text.match(ZH_HEADING);
    if (!m || l.text.trim().length > 40 || /[。，！？]$/.test(l.text.trim())) return;
    out.push({
      line: i,
      bodyLine: i + 1,
      heading: (m[1] ?? '').replace(/[\s\u3000]/g, ''),
      title: cleanTitle(m[2] ?? ''),
    });
  });
  return out;
}

function numeralHeadings(lines: Line[]): Heading[] {
  const out: Heading[] = [];
  lines.forEach((l, i) => {
    const m = l.text.match(CENTRED_NUMERAL);
    if (m) out.push({ line: i, bodyLine: i + 1, heading: m[1] ?? '', title: '' });
  });
  return out.length >= 2 ? out : [];
}

function enHeadings(lines: Line[]): Heading[] {
  const out: Heading[] = [];
  lines.forEach((l, i) => {
    const m = l.text.match(EN_HEADING);
    if (!m || l.text.trim().length > 80) return;
    const heading = (m[1] ?? '').trim();
    let title = cleanTitle(m[2] ?? '');
    let bodyLine = i + 1;
    if (!title) {
      // the title may sit on the next non-empty line, alone (followed by a blank line)
      const j = nextNonEmpty(lines, i + 1, 3);
      const candidate = j >= 0 ? (lines[j]?.text.trim() ?? '') : '';
      const after = lines[j + 1]?.text.trim() ?? '';
      if (j >= 0 && candidate.length <= 60 && !EN_HEADING.test(candidate) && !after && !/[.,;:]$/.test(candidate)) {
        title = cleanTitle(candidate);
        bodyLine = j + 1;
      }
    }
    out.push({ line: i, bodyLine, heading, title });
  });
  return out;
}

const ROMAN = /^[\s\u3000]*([IVXLC]{1,7}|\d{1,3})\.?[\s\u3000]*$/;

function romanValue(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const v: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const cur = v[s.charAt(i)] ?? 0;
    total += cur < (v[s.charAt(i + 1)] ?? 0) ? -cur : cur;
  }
  return total;
}

/** Sections numbered I, II, III… or 1, 2, 3… alone on a line, counting up from 1 without gaps. */
function sequenceHeadings(lines: Line[]): Heading[] {
  const out: Heading[] = [];
  lines.forEach((l, i) => {
    const m = l.text.match(ROMAN);
    if (m?.[1] && romanValue(m[1]) === out.length + 1) out.push({ line: i, bodyLine: i + 1, heading: m[1], title: '' });
  });
  return out.length >= 2 ? out : [];
}

const nonSpace = (s: string): number => s.replace(/\s+/g, '').length;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** Where a heading's chapter is: its heading lines, its body, and whether it is a TOC entry. */
export interface HeadingSpan {
  start: number;
  bodyStart: number;
  end: number;
  heading: string;
  title: string;
}

export interface Sections {
  /** Chapters found from headings (or fallback chunks), numbered from 1; no prologue. */
  chapters: Chapter[];
  /** Offset of each chapter's body (after its heading lines), parallel to `chapters`. */
  bodyStarts: number[];
  /** Headings with no body of their own before the first real chapter: a table of contents. */
  toc: HeadingSpan[];
  /** Headings with no body between real chapters (a volume heading such as 第一卷). */
  bare: HeadingSpan[];
  /** Offset of the first chapter heading: the text before it is the preamble (0 for fallback). */
  preambleEnd: number;
}

function fromHeadings(text: string, lines: Line[], headings: Heading[]): Sections | null {
  const offsetOf = (line: number): number => lines[line]?.start ?? text.length;
  const raw: HeadingSpan[] = headings.map((h, k) => {
    const endLine = headings[k + 1]?.line ?? lines.length;
    const bodyStart = Math.min(offsetOf(h.bodyLine), offsetOf(endLine));
    return { start: offsetOf(h.line), bodyStart, end: offsetOf(endLine), heading: h.heading, title: h.title };
  });
  const sizes = raw.map((r) => nonSpace(text.slice(r.bodyStart, r.end)));
  // "almost no body": a TOC entry, or a heading whose body is tiny next to the others. Only the
  // run before the first real chapter is a table of contents: a short closing section is kept.
  const min = Math.max(1, Math.min(50, median(sizes) / 20));
  const firstReal = sizes.findIndex((n) => n >= min);
  if (firstReal < 0) return null;
  const keptIdx = raw.map((_, k) => k).filter((k) => k >= firstReal && (sizes[k] ?? 0) > 0);
  const chapters: Chapter[] = keptIdx.map((k, i) => {
    const r = raw[k] as HeadingSpan;
    return {
      number: i + 1,
      title: r.title || r.heading,
      heading: r.heading,
      text: text.slice(r.bodyStart, r.end).trim(),
      start: r.start,
      end: r.end,
    };
  });
  return {
    chapters,
    bodyStarts: keptIdx.map((k) => raw[k]?.bodyStart ?? 0),
    toc: raw.slice(0, firstReal),
    bare: raw.filter((_, k) => k > firstReal && (sizes[k] ?? 0) === 0),
    preambleEnd: raw[0]?.start ?? 0,
  };
}

/** The old rule for callers of splitChapters: a long preamble (a foreword) becomes a prologue. */
function withPreamble(text: string, sections: Sections, language: Language): Chapter[] {
  const chapters = sections.chapters;
  const preamble = text.slice(0, sections.preambleEnd);
  if (nonSpace(preamble) < Math.max(500, median(chapters.map((c) => nonSpace(c.text))) / 10)) return chapters;
  const label = language === 'zh' ? '序章' : 'Prologue';
  const prologue: Chapter = {
    number: 1,
    title: label,
    heading: label,
    text: preamble.trim(),
    start: 0,
    end: sections.preambleEnd,
  };
  return [prologue, ...chapters].map((c, k) => ({ ...c, number: k + 1 }));
}

/** Split a text with no headings into blocks (blank lines, then lines, then sentences). */
function blocksOf(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /\S[\s\S]*?(?=\n[ \t\u3000\r]*\n|$)/g;
  for (const m of text.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    if (end - start <= CHUNK) {
      out.push({ start, end });
      continue;
    }
    // too big: cut at line ends, or at sentence ends when a line itself is too long
    let s = start;
    while (end - s > CHUNK) {
      const window = text.slice(s, s + CHUNK);
      let cut = window.lastIndexOf('\n');
      if (cut < CHUNK / 3) cut = Math.max(...['。', '！', '？', '. ', '! ', '? '].map((p) => window.lastIndexOf(p)));
      if (cut < CHUNK / 3) cut = CHUNK - 1;
      out.push({ start: s, end: s + cut + 1 });
      s += cut + 1;
    }
    if (text.slice(s, end).trim()) out.push({ start: s, end });
  }
  return out;
}

function fallback(text: string, language: Language): Chapter[] {
  const groups: { start: number; end: number }[] = [];
  for (const b of blocksOf(text)) {
    const last = groups[groups.length - 1];
    if (last && last.end - last.start < CHUNK && b.end - last.start <= CHUNK * 1.25) last.end = b.end;
    else groups.push({ ...b });
  }
  // a short tail joins the previous chunk
  const tail = groups[groups.length - 1];
  if (groups.length > 1 && tail && tail.end - tail.start < CHUNK / 3) {
    groups.pop();
    const prev = groups[groups.length - 1];
    if (prev) prev.end = tail.end;
  }
  if (groups.length === 0) groups.push({ start: 0, end: text.length });
  return groups.map((g, k) => {
    const label = language === 'zh' ? `第${k + 1}部分` : `Part ${k + 1}`;
    return {
      number: k + 1,
      title: label,
      heading: label,
      text: text.slice(g.start, g.end).trim(),
      start: g.start,
      end: g.end,
    };
  });
}

/** Chapters, TOC and preamble of a novel: headings when there are any, else blank-line blocks. */
export function splitSections(text: string, language: Language = detectLanguage(text)): Sections {
  const lines = toLines(text);
  for (const headings of [zhHeadings(lines), enHeadings(lines), numeralHeadings(lines), sequenceHeadings(lines)]) {
    if (headings.length === 0) continue;
    const sections = fromHeadings(text, lines, headings);
    if (sections) return sections;
  }
  const chapters = fallback(text, language);
  return { chapters, bodyStarts: chapters.map((c) => c.start), toc: [], bare: [], preambleEnd: 0 };
}

/**
 * Chapters of a novel, 1-based. Never empty (a blank text yields one empty chapter). A long
 * preamble becomes a prologue; prepareText (prepare.ts) reads front matter more carefully.
 */
export function splitChapters(text: string, language: Language = detectLanguage(text)): Chapter[] {
  const sections = splitSections(text, language);
  return sections.preambleEnd > 0 ? withPreamble(text, sections, language) : sections.chapters;
}
