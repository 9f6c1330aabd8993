// The shape of a prompt set: one per language (zh.ts, en.ts). Each step's system prompt carries
// the craft rules and says how to use each block; user prompts carry only the data that step
// needs, in tagged blocks. The fake model (tests/fake-openai) reads the same blocks.
import type { Phrases } from '../../llm/structured';

export interface Prompt {
  system: string;
  user: string;
}

export type LlmStageKey = 'parse' | 'summarize' | 'outline' | 'script' | 'check';

export interface NotesInput {
  /** The chunk: <chapter n="…" title="…"> blocks of `¶id text` lines. */
  text: string;
  index: number;
  total: number;
  /** A narrower second question: one chapter (or half of one) the first answer left out. */
  alone: boolean;
  /** Footnotes and annotations of these chapters: context only, never story. */
  annotations?: string | undefined;
  /** The first-person narrator's name, when the novel has one. */
  narrator?: string | undefined;
}

export interface PlanInput {
  title: string;
  from: number;
  to: number;
  total: number;
  /** `episode: role` lines (opening, rising, midpoint, arc_end, finale). */
  season: string;
  /** Compact bible lines so far. */
  characters: string;
  /** People the reading notes name who are not in the bible yet: `name | aliases | note`. */
  candidates: string;
  locations: string;
  /** The previous episode's number, title and 卡点. */
  previous: string;
  /** Compact reading notes of the arc's chapters (lib/pipeline/llm/notes.ts). */
  notes: string;
  episodeLength: number;
  style?: string | undefined;
  narrator?: string | undefined;
}

export interface EpisodeInput {
  title: string;
  number: number;
  total: number;
  role: string;
  /** The beat sheet, compact. */
  sheet: string;
  /** The previous episode's final beat and 卡点. */
  previous: string;
  /** The next episode's opening. */
  next: string;
  characters: string;
  locations: string;
  events: string;
  /** Source paragraphs of the events, `¶id text`. */
  source: string;
  quotes: string;
  episodeLength: number;
  style?: string | undefined;
  narrator?: string | undefined;
  /** A rewrite: the draft and what to fix. */
  draft?: string | undefined;
  fixes?: string | undefined;
}

export interface CriticInput {
  number: number;
  sheet: string;
  episode: string;
  /** Faults the deterministic checks found. */
  found: string;
}

export interface HookInput {
  number: number;
  planned: string;
  lastScene: string;
}

export interface PromptSet {
  phrases: Phrases;
  stage(key: LlmStageKey, n?: number, total?: number): string;
  notes(i: NotesInput): Prompt;
  plan(i: PlanInput): Prompt;
  episode(i: EpisodeInput): Prompt;
  critic(i: CriticInput): Prompt;
  hook(i: HookInput): Prompt;
}

/** Appended to every system prompt: names the step for logs and test servers. */
export const stepTag = (step: string) => `\n[step: ${step}]`;

/** A tagged block, or nothing when empty. */
export const blockOf = (tag: string, body: string | undefined) =>
  body?.trim() ? `\n<${tag}>\n${body}\n</${tag}>` : '';
