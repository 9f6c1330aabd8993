import { describe, expect, it } from 'vitest';
import { ISO_DURATION_PATTERN, isoDuration } from './estimate';

describe('isoDuration', () => {
  it.each([
    [0, 'PT0S'],
    [1, 'PT1S'],
    [59, 'PT59S'],
    [60, 'PT1M'],
    [150, 'PT2M30S'],
    [3600, 'PT1H'],
    [3661, 'PT1H1M1S'],
    [90_061, 'PT25H1M1S'],
    [-5, 'PT0S'],
    [2.6, 'PT3S'],
  ])('%d s → %s', (seconds, iso) => {
    expect(isoDuration(seconds)).toBe(iso);
    expect(iso).toMatch(ISO_DURATION_PATTERN);
  });

  it('the pattern refuses what is not a time-only duration', () => {
    for (const bad of ['150', 'P1D', 'PT', 'PT1.5S', 'pt1s', 'PT1S\u0000'])
      expect(bad).not.toMatch(ISO_DURATION_PATTERN);
  });
});
