// Chapter splitting: 第X章 headings, centred Chinese numerals, English CHAPTER headings, and a
// fallback to blank-line blocks grouped into ~3000-character chunks. A table of contents (headings
// with no body between them) is dropped.
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

const nonSpace = (s: string): number => s.replace(/\s+/g, '').length;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function fromHeadings(text: string, lines: Line[], headings: Heading[], language: Language): Chapter[] {
  const offsetOf = (line: number): number => lines[line]?.start ?? text.length;
  const raw = headings.map((h, k) => {
    const endLine = headings[k + 1]?.line ?? lines.length;
    const bodyStart = Math.min(offsetOf(h.bodyLine), offsetOf(endLine));
    return { h, start: offsetOf(h.line), end: offsetOf(endLine), body: text.slice(bodyStart, offsetOf(endLine)) };
  });
  const sizes = raw.map((r) => nonSpace(r.body));
  // "almost no body": a TOC entry, or a heading whose body is tiny next to the others
  const min = Math.max(1, Math.min(50, median(sizes) / 20));
  const kept = raw.filter((_, k) => (sizes[k] ?? 0) >= min);
  if (kept.length === 0) return [];
  const chapters: Chapter[] = kept.map((r, k) => ({
    number: k + 1,
    title: r.h.title || r.h.heading,
    heading: r.h.heading,
    text: r.body.trim(),
    start: r.start,
    end: r.end,
  }));
  // a long preamble before the first heading (a foreword, not a title page or a TOC) is kept
  const firstHeading = headings[0]?.line ?? 0;
  const preamble = text.slice(0, offsetOf(firstHeading));
  if (nonSpace(preamble) >= Math.max(500, median(sizes) / 10)) {
    const label = language === 'zh' ? '序章' : 'Prologue';
    chapters.unshift({
      number: 1,
      title: label,
      heading: label,
      text: preamble.trim(),
      start: 0,
      end: offsetOf(firstHeading),
    });
    chapters.forEach((c, k) => {
      c.number = k + 1;
    });
  }
  return chapters;
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

/** Chapters of a novel, 1-based. Never empty (a blank text yields one empty chapter). */
export function splitChapters(text: string, language: Language = detectLanguage(text)): Chapter[] {
  const lines = toLines(text);
  for (const headings of [zhHeadings(lines), enHeadings(lines), numeralHeadings(lines)]) {
    if (headings.length === 0) continue;
    const chapters = fromHeadings(text, lines, headings, language);
    if (chapters.length > 0) return chapters;
  }
  return fallback(text, language);
}
