import { describe, expect, it } from 'vitest';
import { pickLocale } from './dictionaries';
import { formatDuration } from './format';

describe('locale and durations', () => {
  it('prefers the cookie, then Accept-Language, else zh', () => {
    expect(pickLocale('en', 'zh-CN')).toBe('en');
    expect(pickLocale(undefined, 'en-US,en;q=0.9,zh;q=0.8')).toBe('en');
    expect(pickLocale(undefined, 'fr-FR')).toBe('zh');
  });

  it('formats durations in each language', () => {
    expect(formatDuration('zh', 1200)).toBe('1.2 秒');
    expect(formatDuration('en', 125_000)).toBe('2 min 5 s');
    expect(formatDuration('zh', 3_900_000)).toBe('1 小时 5 分');
  });
});
