// The shape of a prompt set: one per language (zh.ts, en.ts). Each step's system prompt carries
// the craft rules; user prompts carry only the data that step needs, in tagged blocks.
import type { Phrases } from '../../llm/structured';

export interface Prompt {
  system: string;
  user: string;
}

export type LlmStageKey = 'parse' | 'summarize' | 'bible' | 'outline' | 'script' | 'check';

export interface ChunkInput {
  /** The chunk's text, each chapter inside <chapter n="…" title="…">…</chapter>. */
  text: string;
  /** The end of the previous chunk, for continuity only (already summarised). */
  previous: string;
  index: number;
  total: number;
}

export interface BibleInput {
  title: string;
  /** JSON: characters and places from every chunk. */
  summaries: string;
  /** JSON: chapter numbers, titles and events. */
  chapters: string;
}

export interface OutlineInput {
  title: string;
  episodes: number;
  synopsis: string;
  /** JSON: chapter number, title, size, events. */
  chapters: string;
  /** JSON: names and roles. */
  characters: string;
  episodeLength: number;
  style?: string | undefined;
}

export interface EpisodeInput {
  title: string;
  number: number;
  total: number;
  /** JSON: this episode's outline entry. */
  episode: string;
  previousHook: string;
  nextSummary: string;
  /** JSON: events and quotes of the chapters this episode adapts. */
  events: string;
  /** JSON: the characters who may appear, with aliases. */
  characters: string;
  episodeLength: number;
  style?: string | undefined;
}

export interface PromptSet {
  phrases: Phrases;
  stage(key: LlmStageKey, n?: number, total?: number): string;
  chunkSummary(i: ChunkInput): Prompt;
  bible(i: BibleInput): Prompt;
  outline(i: OutlineInput): Prompt;
  episode(i: EpisodeInput): Prompt;
}

/** Appended to every system prompt: names the step for logs and test servers. */
export const stepTag = (step: string) => `\n[step: ${step}]`;
