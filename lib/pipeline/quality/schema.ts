// The quality report stored on every result (result.quality): one entry per measure with its
// level, and issues that name the episode and scene. Messages are in the script's language.
import { z } from 'zod';

export const QUALITY_LEVELS = ['ok', 'warn', 'fail'] as const;
export const QualityLevel = z.enum(QUALITY_LEVELS);
export type QualityLevel = z.infer<typeof QualityLevel>;

export const MEASURE_KEYS = [
  'coverage',
  'attribution',
  'invented_speakers',
  'quotes',
  'grounding',
  'scenes',
  'length',
  'opening_hook',
  'cliffhanger',
  'duplicates',
  'language',
] as const;
export const MeasureKey = z.enum(MEASURE_KEYS);
export type MeasureKey = z.infer<typeof MeasureKey>;

export const QualityIssue = z.object({
  measure: MeasureKey,
  level: z.enum(['warn', 'fail']),
  /** 1-based episode and scene numbers, when the issue sits in one. */
  episode: z.number().int().positive().optional(),
  scene: z.number().int().positive().optional(),
  /** 1-based source chapter, for coverage issues. */
  chapter: z.number().int().positive().optional(),
  message: z.string(),
});
export type QualityIssue = z.infer<typeof QualityIssue>;

export const QualityMeasure = z.object({
  key: MeasureKey,
  level: QualityLevel,
  /** The figure the level is decided on: a share 0–1 for share measures, else a count. */
  value: z.number(),
  unit: z.enum(['share', 'count']),
  /** The thresholds the value was judged against (see docs/quality.md). */
  ok: z.number(),
  warn: z.number(),
  /** One line in the script's language: what was counted. */
  summary: z.string(),
});
export type QualityMeasure = z.infer<typeof QualityMeasure>;

export const QualityReport = z.object({
  level: QualityLevel,
  measures: z.array(QualityMeasure),
  issues: z.array(QualityIssue),
  /** Issues left out to keep the report small (the measures still count them). */
  issues_omitted: z.number().int().nonnegative(),
  chapters: z.array(
    z.object({ number: z.number().int().positive(), events: z.number().int(), covered: z.number().int() }),
  ),
  episodes: z.array(
    z.object({
      number: z.number().int().positive(),
      scenes: z.number().int(),
      units: z.number().int(),
      min: z.number().int(),
      max: z.number().int(),
    }),
  ),
  /** Measures that could not be taken, and why (e.g. the script is in another language than the source). */
  notes: z.array(z.string()),
});
export type QualityReport = z.infer<typeof QualityReport>;
