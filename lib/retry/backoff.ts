// The one backoff policy: exponential delays with jitter, a sleep that an AbortSignal ends, and a
// retry loop for operations whose failures may pass with time. Isomorphic (timers only), so the
// worker, the live hub, the model calls and the browser's typed client all wait the same way.

export interface BackoffPolicy {
  /** The first delay's cap; it doubles with every attempt. */
  baseMs: number;
  /** No delay is longer than this. */
  maxMs: number;
  /**
   * `full`: uniform in [0, cap) — spreads many clients out (AWS's "full jitter");
   * `equal`: uniform in [cap/2, cap) — never retries at once; `none`: exactly the cap.
   */
  jitter?: 'full' | 'equal' | 'none';
}

/** The delay before retry number `attempt` (0 = the first retry). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  switch (policy.jitter ?? 'none') {
    case 'full':
      return Math.floor(random() * cap);
    case 'equal':
      return Math.floor(cap / 2 + random() * (cap / 2));
    default:
      return cap;
  }
}

/** The delays of a loop that keeps trying: `next()` after a failure, `reset()` after a success. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly policy: BackoffPolicy) {}

  next(): number {
    return backoffDelay(this.attempt++, this.policy);
  }

  reset(): void {
    this.attempt = 0;
  }

  /** Failures since the last success. */
  get failures(): number {
    return this.attempt;
  }
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What an aborted wait rejects with: the signal's reason, or an AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

export interface RetryOptions extends BackoffPolicy {
  /** Whether this failure may pass with time; any other failure is thrown at once. */
  retryable(err: unknown): boolean;
  /** Retries after the first attempt (default: no limit but the deadline). */
  retries?: number;
  /** Give up (throw the last failure) rather than wait past this many ms after the first attempt. */
  deadlineMs?: number;
  /** A wait the failure itself asks for (Retry-After): the delay is at least this. */
  hintMs?(err: unknown): number | undefined;
  /** Told before each wait (for a log line). */
  onRetry?(err: unknown, retry: number, delayMs: number): void;
  /** Ends the waiting: rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Runs `fn` until it succeeds, its failure is not retryable, or the retries or the deadline run out. */
export async function retry<T>(fn: (retry: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  const deadline = opts.deadlineMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.deadlineMs;
  for (let n = 0; ; n++) {
    try {
      return await fn(n);
    } catch (err) {
      if (opts.signal?.aborted) throw abortReason(opts.signal);
      if (!opts.retryable(err) || n >= (opts.retries ?? Number.POSITIVE_INFINITY)) throw err;
      const delay = Math.max(backoffDelay(n, opts), opts.hintMs?.(err) ?? 0);
      if (Date.now() + delay > deadline) throw err;
      opts.onRetry?.(err, n, delay);
      await sleep(delay, opts.signal);
    }
  }
}
