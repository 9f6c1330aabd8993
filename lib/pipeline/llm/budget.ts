// Token budgets: every call's prompt plus its answer fits the model's context. When the material
// does not fit, importance — not position — decides what is left out: the least important events
// go first (ties: the ones fewest other events depend on), whatever chapter they are in.
import type { ModelInfo } from '../../llm/models';
import { estimateTokens } from '../../llm/tokens';

/** Room for the system prompt, tags and instructions of any step (measured: ≤ 1,100 tokens). */
export const PROMPT_OVERHEAD = 1400;
/** Reading notes run about this share of their source (events, ids, quotes, changes). */
export const NOTES_RATIO = 0.2;
const MAX_CHUNK_TOKENS = 12_000;

/** Tokens of material a call may carry when its answer may take `output` tokens. */
export function inputRoom(model: ModelInfo, output: number): number {
  return Math.max(400, Math.floor((model.context - Math.min(output, model.max_output) - PROMPT_OVERHEAD) * 0.95));
}

/** Source tokens per reading chunk: the chunk and its notes fit both the context and the output limit. */
export function chunkTokens(model: ModelInfo): number {
  const byContext = Math.floor((model.context - PROMPT_OVERHEAD) / (1 + NOTES_RATIO * 1.5));
  const byOutput = Math.floor(model.max_output / (NOTES_RATIO * 1.5));
  return Math.max(500, Math.min(MAX_CHUNK_TOKENS, byContext, byOutput));
}

/** The answer limit asked for notes of `tokens` of source. */
export const notesOutput = (model: ModelInfo, tokens: number) =>
  Math.min(model.max_output, Math.max(1024, Math.ceil(tokens * NOTES_RATIO * 2)));

export interface Weighed {
  importance: number;
  /** How many events name this one as their cause. */
  dependents?: number;
  /** Its rendered size in tokens. */
  tokens: number;
}

/**
 * Which items to keep so their tokens fit `room`: drops the least important first. Returns the
 * kept indices in their original order and how many were dropped.
 */
export function keepWithin<T extends Weighed>(items: readonly T[], room: number): { kept: number[]; dropped: number } {
  let total = items.reduce((s, x) => s + x.tokens, 0);
  // among equals, drops are spread evenly over the book (golden-ratio order), never the end first
  const spread = (i: number) => (i * 0.618_033_988_75) % 1;
  const order = items
    .map((_, i) => i)
    .sort((a, b) => {
      const x = items[a] as T;
      const y = items[b] as T;
      return x.importance - y.importance || (x.dependents ?? 0) - (y.dependents ?? 0) || spread(a) - spread(b);
    });
  const out = new Set<number>();
  for (const i of order) {
    if (total <= room) break;
    out.add(i);
    total -= (items[i] as T).tokens;
  }
  return { kept: items.map((_, i) => i).filter((i) => !out.has(i)), dropped: out.size };
}

/** The longest prefix of `lines` whose tokens fit `room`. */
export function takeWithin(lines: readonly string[], room: number): string[] {
  const out: string[] = [];
  let used = 0;
  for (const l of lines) {
    const t = estimateTokens(l) + 1;
    if (used + t > room) break;
    out.push(l);
    used += t;
  }
  return out;
}
