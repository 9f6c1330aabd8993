// State writes at the end of a run must not be lost to a database restart: retry them while the
// database is unreachable (bounded), and let every other error through at once.
import { isDbUnavailable } from '../lib/db/errors';
import { log } from '../lib/log';
import { retry } from '../lib/retry/backoff';

export function withDbRetry<T>(what: string, fn: () => Promise<T>, maxWaitMs = 120_000): Promise<T> {
  return retry(fn, {
    baseMs: 200,
    maxMs: 5_000,
    deadlineMs: maxWaitMs,
    retryable: isDbUnavailable,
    onRetry: (_err, _n, delay) => log.warn({ what, delay_ms: delay }, 'database unavailable, retrying'),
  });
}
