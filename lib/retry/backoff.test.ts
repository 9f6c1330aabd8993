import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backoff, backoffDelay, retry, sleep } from './backoff';

afterEach(() => {
  vi.useRealTimers();
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap', () => {
    const policy = { baseMs: 100, maxMs: 1_000 };
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('full jitter stays in [0, cap), equal jitter in [cap/2, cap)', () => {
    const policy = { baseMs: 100, maxMs: 1_000 };
    expect(backoffDelay(2, { ...policy, jitter: 'full' }, () => 0)).toBe(0);
    expect(backoffDelay(2, { ...policy, jitter: 'full' }, () => 0.999)).toBe(399);
    expect(backoffDelay(2, { ...policy, jitter: 'equal' }, () => 0)).toBe(200);
    expect(backoffDelay(2, { ...policy, jitter: 'equal' }, () => 0.999)).toBe(399);
  });

  it('Backoff grows per failure and starts over after a success', () => {
    const b = new Backoff({ baseMs: 250, maxMs: 5_000 });
    expect([b.next(), b.next(), b.next()]).toEqual([250, 500, 1000]);
    expect(b.failures).toBe(3);
    b.reset();
    expect(b.next()).toBe(250);
  });
});

describe('retry', () => {
  const transient = Object.assign(new Error('connection refused'), { transient: true });
  const retryable = (err: unknown) => (err as { transient?: boolean }).transient === true;
  /** An operation that fails `failures` times with `transient`, then returns how often it was called. */
  const flaky = (failures: number) => {
    const op = { calls: 0, run: async () => (op.calls++ < failures ? Promise.reject(transient) : op.calls) };
    return op;
  };

  it('retries a transient failure with growing waits until it succeeds', async () => {
    vi.useFakeTimers();
    const waits: number[] = [];
    const op = flaky(3);
    const p = retry(op.run, { baseMs: 100, maxMs: 250, retryable, onRetry: (_e, _n, ms) => waits.push(ms) });
    await vi.runAllTimersAsync();
    expect(await p).toBe(4);
    expect(waits).toEqual([100, 200, 250]);
  });

  it('throws any other failure at once', async () => {
    const boom = new Error('syntax error');
    let calls = 0;
    const p = retry(
      async () => {
        calls++;
        throw boom;
      },
      { baseMs: 1, maxMs: 1, retryable },
    );
    await expect(p).rejects.toBe(boom);
    expect(calls).toBe(1);
  });

  it('gives up with the last failure when the next wait would pass the deadline or the retries run out', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(transient);
    };
    const byDeadline = retry(failing, { baseMs: 100, maxMs: 100, deadlineMs: 250, retryable });
    const settled = byDeadline.catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await settled).toBe(transient);
    expect(calls).toBe(3); // at 0, 100 and 200 ms; a wait to 300 ms would pass the deadline
    calls = 0;
    const byCount = retry(failing, { baseMs: 1, maxMs: 1, retries: 2, retryable }).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await byCount).toBe(transient);
    expect(calls).toBe(3);
  });

  it('waits at least as long as the failure asks', async () => {
    vi.useFakeTimers();
    const waits: number[] = [];
    const p = retry(flaky(1).run, {
      baseMs: 10,
      maxMs: 10,
      retryable,
      hintMs: () => 3_000,
      onRetry: (_e, _n, ms) => waits.push(ms),
    });
    await vi.runAllTimersAsync();
    expect(await p).toBe(2);
    expect(waits).toEqual([3_000]);
  });

  it('an abort ends the wait with the signal reason', async () => {
    const ctl = new AbortController();
    const reason = new Error('cancelled');
    const p = retry(() => Promise.reject(transient), { baseMs: 60_000, maxMs: 60_000, retryable, signal: ctl.signal });
    const settled = p.catch((e: unknown) => e);
    ctl.abort(reason);
    expect(await settled).toBe(reason);
    await expect(sleep(10, ctl.signal)).rejects.toBe(reason);
  });
});
