import { describe, expect, it } from 'vitest';
import { decodeNovel } from '../client/decode';
import { formatDuration } from '../i18n/format';
import { pickLocale } from '../i18n/messages';
import { buildTimeline } from './timeline';

const ev = (id: number, kind: string, at: number, data: Record<string, unknown> = {}) => ({
  id: String(id),
  kind: kind as never,
  data,
  created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, at)).toISOString(),
});

describe('buildTimeline', () => {
  it('gives each stage its duration and marks the running one', () => {
    const events = [
      ev(1, 'created', 0),
      ev(2, 'started', 1),
      ev(3, 'stage_started', 1, { stage: 'parse' }),
      ev(4, 'stage_completed', 3, { stage: 'parse', ms: 2000 }),
      ev(5, 'stage_started', 3, { stage: 'script' }),
    ];
    const t = buildTimeline(events, { status: 'processing' });
    expect(t.map((e) => [e.key, e.durationMs, e.running])).toEqual([
      ['created', null, false],
      ['started', null, false],
      ['parse', 2000, false],
      ['script', null, true],
    ]);
  });

  it('ends the last stage at the failure', () => {
    const events = [ev(1, 'stage_started', 0, { stage: 'outline' }), ev(2, 'failed', 5)];
    const [stage] = buildTimeline(events, { status: 'failed' });
    expect(stage).toMatchObject({ key: 'outline', durationMs: 5000, running: false });
  });
});

describe('decodeNovel', () => {
  it('reads UTF-8, with or without BOM', () => {
    const bytes = new TextEncoder().encode('\uFEFF阿Q正传');
    expect(decodeNovel(bytes)).toEqual({ text: '阿Q正传', encoding: 'UTF-8' });
  });

  it('falls back to GB18030 for GBK bytes', () => {
    // 阿Q in GBK: B0 A2 51
    expect(decodeNovel(new Uint8Array([0xb0, 0xa2, 0x51]))).toEqual({ text: '阿Q', encoding: 'GB18030' });
  });
});

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
