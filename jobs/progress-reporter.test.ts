// The real progress coalescer with an injected clock (vitest's fake timers) and an injected
// write that records what would be stored and can fail the way a restarting database does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Stage } from '../lib/pipeline/types';
import type { ProgressWrite } from '../lib/tasks/run-progress';
import { ProgressReporter, type ProgressReporterOptions } from './progress-reporter';

const ref = { taskId: 'task_01ARZ3NDEKTSV4RRFFQ69G5FAV', runId: '00000000-0000-4000-8000-000000000001' };
const stage = (key: string, message = `${key}…`): Stage => ({ key, message });
const dbDown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

type Answer = { cancelRequested: boolean } | null | Error;

/** Records every write with the fake time it happened at; answers from a script, then "fine". */
function recorder(answers: Answer[] = []) {
  const writes: { at: number; w: ProgressWrite }[] = [];
  const write = async (_ref: typeof ref, w: ProgressWrite) => {
    writes.push({ at: Date.now(), w: structuredClone(w) });
    const a = answers.shift();
    if (a instanceof Error) throw a;
    return a === undefined ? { cancelRequested: false } : a;
  };
  return { writes, write };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A reporter flushing at most once a second through `write`, created at fake time 0. */
const reporter = (write: ReturnType<typeof recorder>['write'], more: Partial<ProgressReporterOptions> = {}) =>
  new ProgressReporter(ref, { flushMs: 1_000, onLost() {}, onCancelRequested() {}, write, ...more });

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('flush timing', () => {
  it('coalesces the reports of one window into one write: latest progress, every stage event in order', async () => {
    const { writes, write } = recorder();
    const r = reporter(write);
    r.report(10, stage('parse'));
    await vi.advanceTimersByTimeAsync(100);
    r.report(20, stage('parse'));
    await vi.advanceTimersByTimeAsync(100);
    r.report(30, stage('outline', '正在生成分集大纲…'));
    await vi.advanceTimersByTimeAsync(799);
    expect(writes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes).toEqual([
      {
        at: 1_000,
        w: {
          progress: 30,
          stage: 'outline',
          message: '正在生成分集大纲…',
          remainingSeconds: undefined,
          events: [
            { kind: 'stage_started', data: { stage: 'parse', message: 'parse…', progress: 10 }, at: iso(0) },
            { kind: 'stage_completed', data: { stage: 'parse', ms: 200 }, at: iso(200) },
            {
              kind: 'stage_started',
              data: { stage: 'outline', message: '正在生成分集大纲…', progress: 30 },
              at: iso(200),
            },
          ],
          checkpoints: [],
        },
      },
    ]);
    // The next report waits for the window after the last write, not after itself.
    await vi.advanceTimersByTimeAsync(100);
    r.report(40, stage('outline'));
    await vi.advanceTimersByTimeAsync(899);
    expect(writes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(writes[1]).toMatchObject({ at: 2_000, w: { progress: 40, stage: 'outline', events: [] } });
  });

  it('progress never goes down and stays below 100 until the run completes', async () => {
    const { writes, write } = recorder();
    const r = reporter(write);
    r.report(60, stage('script'));
    r.report(40, stage('script'));
    await vi.advanceTimersByTimeAsync(1_000);
    r.report(120, stage('script'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes.map((x) => x.w.progress)).toEqual([60, 99]);
  });

  it('tells the run to stop when a write finds the task taken over, or a cancel pending', async () => {
    const lost = vi.fn();
    const cancel = vi.fn();
    const { write } = recorder([{ cancelRequested: true }, null]);
    const r = reporter(write, { onLost: lost, onCancelRequested: cancel });
    r.report(10, stage('parse'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect([cancel.mock.calls.length, lost.mock.calls.length]).toEqual([1, 0]);
    r.report(20, stage('parse'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect([cancel.mock.calls.length, lost.mock.calls.length]).toEqual([1, 1]);
  });
});

describe('checkpoint write-behind', () => {
  it('a saved piece loads at once and is stored with the next write; earlier attempts’ pieces load too', async () => {
    const { writes, write } = recorder();
    const r = reporter(write, { checkpoints: { 'llm:bible': { value: 'old' } } });
    expect(await r.checkpoints.load('llm:bible')).toEqual({ value: 'old' });
    await r.checkpoints.save('llm:episode:1', { value: '第一集 😀' });
    expect(await r.checkpoints.load('llm:episode:1')).toEqual({ value: '第一集 😀' });
    expect(writes).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes).toEqual([
      {
        at: 1_000,
        w: {
          progress: 0,
          stage: null,
          message: null,
          remainingSeconds: undefined,
          events: [],
          checkpoints: [{ key: 'llm:episode:1', value: { value: '第一集 😀' } }],
        },
      },
    ]);
    expect(await r.checkpoints.load('llm:episode:1')).toEqual({ value: '第一集 😀' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writes).toHaveLength(1); // nothing new: nothing written
  });

  it('a write lost to a database restart is retried with everything it carried; newer values win', async () => {
    const { writes, write } = recorder([dbDown()]);
    const r = reporter(write);
    r.report(10, stage('parse'));
    await r.checkpoints.save('llm:chunk:a', 1);
    await r.checkpoints.save('llm:chunk:b', 'b');
    await vi.advanceTimersByTimeAsync(1_000); // fails
    r.report(20, stage('parse'));
    await r.checkpoints.save('llm:chunk:a', 2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writes).toHaveLength(2);
    const retried = writes[1]?.w;
    expect(retried).toMatchObject({ progress: 20, stage: 'parse' });
    expect(retried?.events?.map((e) => e.kind)).toEqual(['stage_started']);
    expect(Object.fromEntries((retried?.checkpoints ?? []).map((c) => [c.key, c.value]))).toEqual({
      'llm:chunk:a': 2,
      'llm:chunk:b': 'b',
    });
  });
});

describe('the final flush', () => {
  it('finish writes nothing more and returns the stage events for the final state; unsaved pieces are dropped', async () => {
    const { writes, write } = recorder();
    const r = reporter(write);
    r.report(10, stage('parse'));
    await vi.advanceTimersByTimeAsync(300);
    r.report(50, stage('script'));
    await r.checkpoints.save('offline:episode:1', { number: 1 });
    await vi.advanceTimersByTimeAsync(200);
    const events = await r.finish();
    expect(events).toEqual([
      { kind: 'stage_started', data: { stage: 'parse', message: 'parse…', progress: 10 }, at: iso(0) },
      { kind: 'stage_completed', data: { stage: 'parse', ms: 300 }, at: iso(300) },
      { kind: 'stage_started', data: { stage: 'script', message: 'script…', progress: 50 }, at: iso(300) },
      { kind: 'stage_completed', data: { stage: 'script', ms: 200 }, at: iso(500) },
    ]);
    r.report(60, stage('check'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(writes).toHaveLength(0);
  });

  it('flushAndStop writes where the run got to at once, in one write, and keeps it all if that write fails', async () => {
    const { writes, write } = recorder([dbDown()]);
    const r = reporter(write);
    r.report(30, stage('outline'));
    await r.checkpoints.save('llm:outline:3', { value: [1, 2, 3] });
    await vi.advanceTimersByTimeAsync(200);
    await expect(r.flushAndStop()).rejects.toThrow(/ECONNREFUSED/);
    await r.flushAndStop(); // what the worker's database retry does
    expect(writes.map((x) => x.at)).toEqual([200, 200]);
    expect(writes[1]?.w).toEqual({
      progress: 30,
      stage: 'outline',
      message: 'outline…',
      events: [
        { kind: 'stage_started', data: { stage: 'outline', message: 'outline…', progress: 30 }, at: iso(0) },
        { kind: 'stage_completed', data: { stage: 'outline', ms: 200 }, at: iso(200) },
      ],
      checkpoints: [{ key: 'llm:outline:3', value: { value: [1, 2, 3] } }],
    });
    await r.flushAndStop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(writes).toHaveLength(2);
  });
});
