import { describe, expect, it } from 'vitest';
import { backoffDelay, buildUrl, DEFAULT_RETRY, parseRetryAfter, sleep } from './http';

describe('http helpers', () => {
  it('parses Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter(' 3 ')).toBe(3000);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const inFive = new Date(Date.now() + 5000).toUTCString();
    expect(parseRetryAfter(inFive)).toBeGreaterThan(3000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:00 GMT')).toBe(0);
  });

  it('keeps full-jitter backoff within [0, min(max, base * 2^n))', () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempt, DEFAULT_RETRY);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.baseDelayMs * 2 ** attempt));
      }
    }
  });

  it('builds URLs with encoded query strings, skipping empty values', () => {
    expect(buildUrl('http://h:1/', '/api/tasks', { q: '雪 夜&x', limit: 5, cursor: undefined, status: '' })).toBe(
      'http://h:1/api/tasks?q=%E9%9B%AA+%E5%A4%9C%26x&limit=5',
    );
  });

  it('sleep rejects with the abort reason', async () => {
    const ctl = new AbortController();
    const p = sleep(10_000, ctl.signal);
    ctl.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});
