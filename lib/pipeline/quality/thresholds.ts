// ok / warn / fail per measure (docs/quality.md explains each). A share measure is ok at or above
// `ok`, warn at or above `warn`, else fail; a count measure is ok at or below `ok`, warn at or below
// `warn`, else fail. A fail-level issue (a missing chapter, an empty 卡点, an episode in the wrong
// language, a copied episode) fails its measure whatever the figure.
import type { MeasureKey, QualityIssue, QualityLevel } from './schema';

export interface Threshold {
  unit: 'share' | 'count';
  ok: number;
  warn: number;
}

export const THRESHOLDS: Record<MeasureKey, Threshold> = {
  coverage: { unit: 'share', ok: 0.6, warn: 0.4 },
  attribution: { unit: 'share', ok: 0.9, warn: 0.75 },
  invented_speakers: { unit: 'count', ok: 0, warn: 1 },
  quotes: { unit: 'share', ok: 0.9, warn: 0.7 },
  grounding: { unit: 'share', ok: 0.5, warn: 0.3 },
  scenes: { unit: 'share', ok: 1, warn: 0.7 },
  length: { unit: 'share', ok: 0.8, warn: 0.5 },
  opening_hook: { unit: 'share', ok: 0.8, warn: 0.5 },
  cliffhanger: { unit: 'share', ok: 0.9, warn: 0.7 },
  duplicates: { unit: 'count', ok: 0, warn: 1 },
  language: { unit: 'share', ok: 1, warn: 0.9 },
};

const RANK: Record<QualityLevel, number> = { ok: 0, warn: 1, fail: 2 };

export const worse = (a: QualityLevel, b: QualityLevel): QualityLevel => (RANK[b] > RANK[a] ? b : a);

export function levelOf(key: MeasureKey, value: number, issues: QualityIssue[] = []): QualityLevel {
  const t = THRESHOLDS[key];
  const byValue: QualityLevel =
    t.unit === 'share'
      ? value >= t.ok
        ? 'ok'
        : value >= t.warn
          ? 'warn'
          : 'fail'
      : value <= t.ok
        ? 'ok'
        : value <= t.warn
          ? 'warn'
          : 'fail';
  return issues.some((i) => i.measure === key && i.level === 'fail') ? 'fail' : byValue;
}

/** Share with a neutral answer for an empty denominator (nothing to judge is not a failure). */
export const share = (n: number, of: number): number => (of === 0 ? 1 : n / of);
