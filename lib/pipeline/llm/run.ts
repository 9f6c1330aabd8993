// What every LLM stage shares for one task: the model session, prompts, the source, the notes
// read so far, usage meters per stage, progress, slots, warnings and the task's signal.
import type { LlmSession } from '../../llm/structured';
import type { UsageMeter } from '../../llm/usage';
import type { PromptSet } from '../prompts';
import type { Language } from '../schema';
import type { SourceNote } from '../text/prepare';
import type { GenerateContext } from '../types';
import { LLM_WARNINGS, type LlmWarnings } from './messages';
import type { ChapterBook, NoteStats } from './notes';
import type { Progress } from './progress';
import type { Slots } from './slots';
import type { Source } from './source';

type WarnKey = Exclude<keyof LlmWarnings, 'addedDescription'>;

export type StageName = 'read' | 'plan' | 'write' | 'review';

export interface Run {
  title: string;
  session: LlmSession;
  prompts: PromptSet;
  output: Language;
  ctx: GenerateContext;
  meter: UsageMeter;
  stageMeter(stage: StageName): UsageMeter;
  progress: Progress;
  slots: Slots;
  source: Source;
  /** Footnotes and annotations (prepareText): context for reading, never story. */
  annotations: SourceNote[];
  /** The first-person narrator's name, when the novel has one. */
  narrator?: string | undefined;
  /** Assembled notes of every chapter read so far. */
  books: Map<number, ChapterBook>;
  noteStats: NoteStats;
  episodeLength: number;
  review: boolean;
  style?: string | undefined;
  warnings: string[];
  warn<K extends WarnKey>(key: K, ...args: Parameters<LlmWarnings[K]>): void;
}

export function warner(output: Language, warnings: string[]): Run['warn'] {
  return (key, ...args) => {
    const f = LLM_WARNINGS[output][key] as (...a: unknown[]) => string;
    warnings.push(f(...args));
  };
}

/** The same run with its own warning list: a checkpointed piece saves what it warned about. */
export const withWarnings = (run: Run, warnings: string[]): Run => ({
  ...run,
  warnings,
  warn: warner(run.output, warnings),
});
