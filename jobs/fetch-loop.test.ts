// The real fetch loop with an injected clock (vitest's fake timers), an in-memory queue as its
// fetcher and jobs that end when the test says so.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { log } from '../lib/log';
import { FetchLoop, type RunningJob } from './fetch-loop';

interface Job {
  id: string;
}

/** A queue in memory; each fetch is recorded with the fake time it happened at. */
class MemoryQueue {
  waiting: Job[] = [];
  fetches: { at: number; batch: number; got: number }[] = [];
  failures = 0;
  private next = 1;

  add(n: number): void {
    for (let i = 0; i < n; i++) this.waiting.push({ id: `job-${this.next++}` });
  }

  fetch = async (batch: number): Promise<Job[]> => {
    if (this.failures > 0) {
      this.failures--;
      this.fetches.push({ at: Date.now(), batch, got: -1 });
      throw new Error('connection refused');
    }
    const got = this.waiting.splice(0, batch);
    this.fetches.push({ at: Date.now(), batch, got: got.length });
    return got;
  };
}

/** Jobs that run until the test finishes them; records how many ran at once. */
class Jobs {
  private ends = new Map<string, () => void>();
  entries = new Map<string, RunningJob<Job>>();
  finished: string[] = [];
  maxAtOnce = 0;

  run = (entry: RunningJob<Job>): Promise<void> =>
    new Promise<void>((resolve) => {
      this.entries.set(entry.job.id, entry);
      this.maxAtOnce = Math.max(this.maxAtOnce, this.ends.size + 1);
      const end = () => {
        this.ends.delete(entry.job.id);
        this.finished.push(entry.job.id);
        resolve();
      };
      this.ends.set(entry.job.id, end);
      entry.controller.signal.addEventListener('abort', end, { once: true });
    });

  /** Ends the oldest running jobs. */
  finish(n = 1): void {
    for (const end of [...this.ends.values()].slice(0, n)) end();
  }

  get running(): number {
    return this.ends.size;
  }
}

let queue: MemoryQueue;
let jobs: Jobs;
let loop: FetchLoop<Job>;
const start = (concurrency: number) => {
  loop = new FetchLoop({ concurrency, fetch: queue.fetch, run: jobs.run, pollMs: 2_000 });
  loop.start();
};
/** Lets promise callbacks run without moving the clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  queue = new MemoryQueue();
  jobs = new Jobs();
});
afterEach(async () => {
  const stopped = loop?.stop(0);
  await vi.runAllTimersAsync();
  await stopped;
  vi.useRealTimers();
});

describe('claiming', () => {
  it('fetches as many jobs as there are free slots, and again at once while fetches come back full', async () => {
    queue.add(5);
    start(3);
    await settle();
    expect(queue.fetches).toEqual([{ at: 0, batch: 3, got: 3 }]);
    expect(jobs.running).toBe(3);
    jobs.finish(1); // a slot frees up after a full fetch: more are likely waiting
    await settle();
    expect(queue.fetches.at(-1)).toEqual({ at: 0, batch: 1, got: 1 });
    jobs.finish(2);
    await settle();
    expect(queue.fetches.at(-1)).toEqual({ at: 0, batch: 2, got: 1 }); // the last one
    expect(jobs.maxAtOnce).toBe(3);
    jobs.finish(3);
    await settle();
    expect(jobs.finished).toHaveLength(5);
  });

  it('an idle loop polls every pollMs as a backstop', async () => {
    start(2);
    await settle();
    expect(queue.fetches.map((f) => f.at)).toEqual([0]);
    queue.add(1); // sent without a NOTIFY (e.g. pg-boss's own retry coming due)
    await vi.advanceTimersByTimeAsync(1_999);
    expect(queue.fetches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(queue.fetches.at(-1)).toEqual({ at: 2_000, batch: 2, got: 1 });
  });
});

describe('wake-up', () => {
  it('a wake-up fetches at once instead of waiting for the poll', async () => {
    start(2);
    await settle();
    await vi.advanceTimersByTimeAsync(500);
    queue.add(1);
    loop.wake();
    await settle();
    expect(queue.fetches.at(-1)).toEqual({ at: 500, batch: 2, got: 1 });
  });

  it('a wake-up while every slot is busy fetches as soon as a slot frees up', async () => {
    queue.add(1);
    start(1);
    await settle();
    queue.add(1);
    loop.wake();
    await vi.advanceTimersByTimeAsync(300);
    expect(queue.fetches).toHaveLength(1); // full: nothing fetched meanwhile
    jobs.finish();
    await settle();
    expect(queue.fetches.at(-1)).toEqual({ at: 300, batch: 1, got: 1 });
  });
});

describe('backoff', () => {
  it('waits longer after each failed fetch, and starts over after a success', async () => {
    const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
    queue.failures = 3;
    start(1);
    await vi.advanceTimersByTimeAsync(250 + 500 + 1_000);
    expect(queue.fetches.map((f) => [f.at, f.got])).toEqual([
      [0, -1],
      [250, -1],
      [750, -1],
      [1_750, 0],
    ]);
    queue.failures = 1;
    queue.add(1);
    loop.wake();
    await settle();
    await vi.advanceTimersByTimeAsync(250);
    expect(queue.fetches.slice(-2).map((f) => [f.at, f.got])).toEqual([
      [1_750, -1],
      [2_000, 1],
    ]);
    expect(warn.mock.calls).toEqual(Array.from({ length: 4 }, () => [{ error: 'connection refused' }, 'fetch failed']));
    warn.mockRestore();
  });
});

describe('cancel and shutdown', () => {
  it('cancel aborts only the job of that task', async () => {
    queue.add(2);
    start(2);
    await settle();
    const [a, b] = [...jobs.entries.values()] as [RunningJob<Job>, RunningJob<Job>];
    a.taskId = 'task_A';
    b.taskId = 'task_B';
    loop.cancel('task_B');
    await settle();
    expect(b.why).toBe('cancel');
    expect(b.controller.signal.aborted).toBe(true);
    expect(a.why).toBeNull();
    expect(jobs.finished).toEqual([b.job.id]);
  });

  it('stop fetches no more, lets jobs finish within the grace period, then aborts the rest as shutdown', async () => {
    queue.add(3);
    start(3);
    await settle();
    const fetchesBefore = queue.fetches.length;
    queue.add(5);
    const stopped = loop.stop(1_000);
    let done = false;
    void stopped.then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(400);
    jobs.finish(1); // finishes within the grace period, on its own
    await vi.advanceTimersByTimeAsync(599);
    expect(done).toBe(false);
    expect([...jobs.entries.values()].map((e) => e.why)).toEqual([null, null, null]);
    await vi.advanceTimersByTimeAsync(1);
    await stopped;
    expect([...jobs.entries.values()].map((e) => e.why)).toEqual([null, 'shutdown', 'shutdown']);
    expect(jobs.running).toBe(0);
    expect(queue.fetches).toHaveLength(fetchesBefore); // nothing fetched after stop
    expect(queue.waiting).toHaveLength(5);
  });

  it('stop returns as soon as the last job finishes within the grace period', async () => {
    queue.add(1);
    start(1);
    await settle();
    const stopped = loop.stop(60_000);
    await vi.advanceTimersByTimeAsync(100);
    jobs.finish();
    await settle();
    await stopped;
    expect(Date.now()).toBe(100);
    expect([...jobs.entries.values()][0]?.why).toBeNull();
  });
});
