// 解析: the token budget for the model's context, and the novel cut into chunks that fit it.
// Chunks follow chapter boundaries; a chapter too long for one chunk is cut at line or sentence
// ends. Every character of every chapter is in exactly one chunk (tested), and each chunk also
// carries the end of the previous one as read-only context (the overlap).
import { createHash } from 'node:crypto';
import type { ModelInfo } from '../../llm/models';
import { estimateTokens } from '../../llm/tokens';
import type { Chapter } from '../offline';

export interface Piece {
  chapter: number;
  title: string;
  /** 1-based part of the chapter, and how many parts it was cut into. */
  part: number;
  parts: number;
  text: string;
}

export interface Chunk {
  index: number;
  pieces: Piece[];
  /** The chapters this chunk holds (in order, each once). */
  chapters: number[];
  /** The tagged text sent to the model. */
  text: string;
  /** End of the previous chunk, context only. */
  previous: string;
  tokens: number;
  /** Stable id of the chunk's content, for its checkpoint. */
  id: string;
}

export interface Budget {
  /** Source tokens per chunk. */
  chunkTokens: number;
  /** Characters of overlap carried from the previous chunk. */
  overlapChars: number;
}

/** Summaries run about this share of their input; the chunk must leave room for it. */
export const SUMMARY_RATIO = 0.12;
const PROMPT_RESERVE = 1200;
const MAX_CHUNK_TOKENS = 12_000;

export function budgetFor(model: ModelInfo): Budget {
  const byContext = Math.floor((model.context - PROMPT_RESERVE) / (1 + SUMMARY_RATIO));
  const byOutput = Math.floor(model.max_output / SUMMARY_RATIO);
  const chunkTokens = Math.max(500, Math.min(MAX_CHUNK_TOKENS, byContext, byOutput));
  return { chunkTokens, overlapChars: Math.min(300, Math.floor(chunkTokens / 20)) };
}

/** Cut a text into parts of at most `maxTokens`, at line ends, else sentence ends, else anywhere. */
export function cutText(text: string, maxTokens: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (estimateTokens(rest) > maxTokens) {
    // the longest prefix within budget (binary search on length)
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
    parts.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length || parts.length === 0) parts.push(rest);
  return parts;
}

const attr = (s: string) => s.replace(/"/g, '＂');

export function tagged(p: Piece): string {
  const part = p.parts > 1 ? ` part="${p.part}/${p.parts}"` : '';
  return `<chapter n="${p.chapter}" title="${attr(p.title)}"${part}>\n${p.text}\n</chapter>`;
}

export function makeChunks(chapters: readonly Chapter[], budget: Budget, salt: string): Chunk[] {
  const pieces: Piece[] = chapters.flatMap((c) => {
    const texts = cutText(c.text, budget.chunkTokens);
    return texts.map((text, k) => ({ chapter: c.number, title: c.title, part: k + 1, parts: texts.length, text }));
  });
  const groups: Piece[][] = [];
  let current: Piece[] = [];
  let size = 0;
  for (const p of pieces) {
    const t = estimateTokens(p.text) + 20;
    if (current.length && size + t > budget.chunkTokens) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(p);
    size += t;
  }
  if (current.length) groups.push(current);
  return groups.map((g, i) => {
    const text = g.map(tagged).join('\n');
    const prevGroup = groups[i - 1];
    const prevText = prevGroup ? (prevGroup[prevGroup.length - 1]?.text ?? '') : '';
    const previous = prevText.slice(Math.max(0, prevText.length - budget.overlapChars));
    return {
      index: i + 1,
      pieces: g,
      chapters: [...new Set(g.map((p) => p.chapter))],
      text,
      previous,
      tokens: estimateTokens(text) + estimateTokens(previous),
      id: createHash('sha256').update(salt).update(text).digest('hex').slice(0, 16),
    };
  });
}
