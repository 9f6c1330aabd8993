import { describe, expect, it } from 'vitest';
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
