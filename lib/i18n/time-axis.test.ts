import { describe, expect, it } from 'vitest';
import { timeAxisLabels } from './format';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('time axis labels', () => {
  const hours = [at('2026-11-29T22:00:00Z'), at('2026-11-30T02:00:00Z'), at('2026-11-30T06:00:00Z')];

  it('writes hours in the reader language, with the date at the first tick and where a day starts', () => {
    expect(timeAxisLabels('zh', 'Asia/Shanghai', hours, 4 * 3600)).toEqual(['11月30日\n06:00', '10:00', '14:00']);
    expect(timeAxisLabels('en', 'UTC', hours, 4 * 3600)).toEqual(['Nov 29\n22:00', 'Nov 30\n02:00', '06:00']);
  });

  it('writes only dates when ticks are a day apart', () => {
    const days = [at('2026-11-28T00:00:00Z'), at('2026-11-29T00:00:00Z')];
    expect(timeAxisLabels('zh', 'UTC', days, 86_400)).toEqual(['11月28日', '11月29日']);
    expect(timeAxisLabels('en', 'UTC', days, 86_400)).toEqual(['Nov 28', 'Nov 29']);
  });
});
