// The script a task produces, for every engine (offline and LLM). Stored as the task's result
// (jsonb), returned by the API and rendered by the dashboard and the exports.
import { z } from 'zod';
import { QualityReport } from './quality/schema';

export const Language = z.enum(['zh', 'en']);
export type Language = z.infer<typeof Language>;

export const LineType = z.enum(['action', 'dialogue', 'os', 'vo', 'transition']);
export type LineType = z.infer<typeof LineType>;

export const ScriptLine = z.object({
  type: LineType,
  /** Speaker for dialogue, os and vo; absent for action and transition. */
  character: z.string().min(1).optional(),
  /** Delivery note such as （冷笑） / (whispering). */
  parenthetical: z.string().min(1).optional(),
  text: z.string().min(1),
});
export type ScriptLine = z.infer<typeof ScriptLine>;

export const Scene = z.object({
  number: z.number().int().positive(),
  location: z.string().min(1),
  time: z.enum(['日', '夜']),
  interior: z.enum(['内', '外']),
  characters: z.array(z.string().min(1)),
  lines: z.array(ScriptLine).min(1),
});
export type Scene = z.infer<typeof Scene>;

export const Episode = z.object({
  number: z.number().int().positive(),
  title: z.string().min(1),
  summary: z.string(),
  /** The 卡点: the cliffhanger the episode ends on. */
  hook: z.string(),
  /** 1-based chapter numbers of the source this episode adapts. */
  chapters: z.array(z.number().int().positive()),
  scenes: z.array(Scene).min(1),
});
export type Episode = z.infer<typeof Episode>;

export const Character = z.object({
  name: z.string().min(1),
  aliases: z.array(z.string()),
  role: z.enum(['protagonist', 'antagonist', 'supporting', 'minor']),
  description: z.string(),
});
export type Character = z.infer<typeof Character>;

export const UsageTotals = z.object({
  calls: z.number().int().nonnegative(),
  prompt_tokens: z.number().int().nonnegative(),
  cached_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  reasoning_tokens: z.number().int().nonnegative(),
  cost_usd: z.number().nonnegative(),
});
export type UsageTotals = z.infer<typeof UsageTotals>;

/**
 * A task's tokens and cost. In a stored result the totals are every call of every run of the task
 * (decision 0143); `by_stage` splits what the pieces of this script cost (read, plan, write,
 * review), pieces reused from earlier runs included, so it can sum to less than the totals.
 */
export const Usage = UsageTotals.extend({ by_stage: z.record(z.string(), UsageTotals).optional() });
export type Usage = z.infer<typeof Usage>;

/** Nothing spent: the offline engine's usage, and where an LLM run starts counting. */
export const emptyUsage = (): UsageTotals => ({
  calls: 0,
  prompt_tokens: 0,
  cached_tokens: 0,
  completion_tokens: 0,
  reasoning_tokens: 0,
  cost_usd: 0,
});

export const ScriptResult = z.object({
  title: z.string().min(1),
  logline: z.string(),
  language: Language,
  characters: z.array(Character),
  episodes: z.array(Episode).min(1),
  source: z.object({
    chapters: z.array(z.object({ number: z.number().int().positive(), title: z.string(), chars: z.number().int() })),
    characters_found: z.number().int().nonnegative(),
    total_chars: z.number().int().nonnegative(),
    /** What text preparation kept out of the story: title page, table of contents, notes. */
    set_aside: z
      .array(z.object({ kind: z.string().min(1), chars: z.number().int().nonnegative(), excerpt: z.string() }))
      .optional(),
  }),
  engine: z.object({ name: z.enum(['offline', 'llm']), model: z.string().nullable() }),
  usage: Usage,
  /** Problems the final check found and could not fix (empty when clean). */
  warnings: z.array(z.string()),
  /** The quality report (lib/pipeline/quality); absent on results stored before it existed. */
  quality: QualityReport.optional(),
});
export type ScriptResult = z.infer<typeof ScriptResult>;
