// 原文: the prepared novel as numbered paragraphs (¶ ids) over every chapter — a preface is a
// prologue chapter — so every character of the story reaches the model exactly once, and notes,
// beat sheets and episodes can cite the paragraphs they come from. Chunks follow
// chapter boundaries and paragraph ends; a paragraph longer than a chunk is cut at line or
// sentence ends (its parts share its ¶ id).
import { createHash } from 'node:crypto';
import { estimateTokens } from '../../llm/tokens';
import type { Language } from '../schema';
import type { Chapter } from '../text/chapters';
import { splitParagraphs } from '../text/text';

export interface Para {
  id: number;
  chapter: number;
  text: string;
}

export interface SourceChapter {
  number: number;
  title: string;
  kind: 'prologue' | 'chapter' | 'epilogue';
  /** ¶ ids of its first and last paragraph (inclusive). */
  first: number;
  last: number;
  chars: number;
}

export interface Source {
  language: Language;
  chapters: SourceChapter[];
  /** Indexed by ¶ id − 1. */
  paras: Para[];
}

/**
 * Numbered paragraphs of every chapter prepareText kept (lib/pipeline/text: a preface is a
 * prologue chapter, footnotes and the table of contents are set aside as context).
 */
export function readSource(chapters: readonly Chapter[], language: Language): Source {
  const paras: Para[] = [];
  const out: SourceChapter[] = [];
  for (const c of chapters) {
    const first = paras.length + 1;
    for (const p of splitParagraphs(c.text, language))
      paras.push({ id: paras.length + 1, chapter: c.number, text: p.text });
    out.push({
      number: c.number,
      title: c.title,
      kind: c.kind ?? 'chapter',
      first,
      last: paras.length,
      chars: c.text.length,
    });
  }
  return { language, chapters: out, paras };
}

export const paraText = (p: { id: number; text: string }) => `¶${p.id} ${p.text}`;

export interface Piece {
  chapter: number;
  title: string;
  /** Tagged paragraphs, `¶id text` per line. */
  lines: string[];
}

export interface Chunk {
  index: number;
  pieces: Piece[];
  chapters: number[];
  /** The tagged text sent to the model. */
  text: string;
  tokens: number;
  /** Stable id of the chunk's content, for its checkpoint. */
  id: string;
}

/** Cut a text into parts of at most `maxTokens`, at line ends, else sentence ends, else anywhere. */
export function cutText(text: string, maxTokens: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (estimateTokens(rest) > maxTokens) {
    let lo = 1;
    let hi = rest.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (estimateTokens(rest.slice(0, mid)) <= maxTokens) lo = mid;
      else hi = mid - 1;
    }
    const window = rest.slice(0, lo);
    let cut = window.lastIndexOf('\n');
    if (cut < lo / 3) cut = Math.max(...['。', '！', '？', '. ', '! ', '? '].map((p) => window.lastIndexOf(p)));
    cut = cut < lo / 3 ? lo : cut + 1;
    // never split a surrogate pair
    if (/[\ud800-\udbff]/.test(rest.charAt(cut - 1))) cut--;
    parts.push(rest.slice(0, Math.max(1, cut)));
    rest = rest.slice(Math.max(1, cut));
  }
  if (rest.length || parts.length === 0) parts.push(rest);
  return parts;
}

const attr = (s: string) => s.replace(/"/g, '＂');

export function tagged(p: Piece): string {
  return `<chapter n="${p.chapter}" title="${attr(p.title)}">\n${p.lines.join('\n')}\n</chapter>`;
}

export function chunkOf(pieces: Piece[], index: number, salt: string): Chunk {
  const text = pieces.map(tagged).join('\n');
  return {
    index,
    pieces,
    chapters: [...new Set(pieces.map((p) => p.chapter))],
    text,
    tokens: estimateTokens(text),
    id: createHash('sha256').update(salt).update(text).digest('hex').slice(0, 16),
  };
}

/**
 * The source in chunks: every paragraph in exactly one chunk, a chunk never spans two groups
 * (arcs), and each group has its own chunk size — the first arc's chunks are small, so its notes
 * come back early and in parallel.
 */
export function makeChunks(
  src: Source,
  groups: readonly { chapters: readonly number[]; maxTokens: number }[],
  salt: string,
): Chunk[] {
  const out: Piece[][] = [];
  for (const g of groups) {
    let current: Piece[] = [];
    let size = 0;
    const push = (chapter: SourceChapter, line: string) => {
      const t = estimateTokens(line) + 1;
      if (current.length && size + t > g.maxTokens) {
        out.push(current);
        current = [];
        size = 0;
      }
      let piece = current[current.length - 1];
      if (piece?.chapter !== chapter.number) {
        piece = { chapter: chapter.number, title: chapter.title, lines: [] };
        current.push(piece);
        size += 15;
      }
      piece.lines.push(line);
      size += t;
    };
    for (const c of src.chapters) {
      if (!g.chapters.includes(c.number)) continue;
      for (let id = c.first; id <= c.last; id++) {
        const p = src.paras[id - 1];
        if (!p) continue;
        for (const part of cutText(p.text, Math.max(200, g.maxTokens - 60))) push(c, paraText({ id, text: part }));
      }
    }
    if (current.length) out.push(current);
  }
  return out.map((g, i) => chunkOf(g, i + 1, salt));
}

/** The text of paragraphs `ids` (known ones only), tagged, in order. */
export function passages(src: Source, ids: Iterable<number>): string[] {
  return [...new Set(ids)]
    .filter((id) => src.paras[id - 1])
    .sort((a, b) => a - b)
    .map((id) => paraText(src.paras[id - 1] as Para));
}
