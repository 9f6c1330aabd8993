// State writes at the end of a run must not be lost to a database restart: retry them while the
// database is unreachable (bounded), and let every other error through at once.
import { isDbUnavailable } from '../lib/db/errors';

export async function withDbRetry<T>(what: string, fn: () => Promise<T>, maxWaitMs = 120_000): Promise<T> {
  const deadline = Date.now() + maxWaitMs;
  let delay = 200;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!isDbUnavailable(err) || Date.now() + delay > deadline) throw err;
      console.warn(`[worker] ${what}: database unavailable, retrying in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5_000);
    }
  }
}
