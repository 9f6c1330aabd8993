// Sliding-window limits on counted actions (sign-ups per client address, cancels and re-runs per
// user), shared by every web process through Postgres. A hit is written only when it is under
// the limit, under a per-key advisory lock so concurrent requests cannot slip past together.
import { getDb } from '../db/client';
import { tooManyRequests } from '../errors';

export interface Limit {
  /** Hits allowed in the window. */
  max: number;
  windowSeconds: number;
}

/** Rows older than this are deleted, a batch at a time, as new hits are written. */
const KEEP_SECONDS = 24 * 3600;
const PRUNE_BATCH = 200;

/**
 * Counts one hit of `key` in `bucket`, or throws a 429 AppError (`code`, Retry-After) when the
 * window is full; `message` gets the seconds to wait and says what to do.
 */
export async function takeHit(
  bucket: string,
  key: string,
  limit: Limit,
  code: string,
  message: (retryAfter: number) => string,
): Promise<void> {
  const wait = await tryHit(bucket, key, limit);
  if (wait > 0) throw tooManyRequests(code, message(wait), wait);
}

/**
 * Counts one hit of `key` in `bucket` and returns 0, or, when the window is full, counts nothing
 * and returns the seconds until a hit would be counted again: for limits the caller must not
 * reveal (mail to an address it cannot say exists).
 */
export async function tryHit(bucket: string, key: string, limit: Limit): Promise<number> {
  const secs = limit.windowSeconds;
  return getDb().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${bucket}), hashtext(${key}))`;
    const [row] = await tx.$queryRaw<{ n: number; wait: number | null }[]>`
      WITH w AS (
        SELECT created_at FROM rate_limit_hits
        WHERE bucket = ${bucket} AND key = ${key} AND created_at > now() - make_interval(secs => ${secs}::int)
        ORDER BY created_at DESC LIMIT ${limit.max}::int)
      SELECT count(*)::int AS n, extract(epoch FROM min(created_at) + make_interval(secs => ${secs}::int) - now())::float8 AS wait
      FROM w`;
    if ((row?.n ?? 0) >= limit.max) return Math.max(1, Math.ceil(row?.wait ?? secs));
    await tx.$executeRaw`INSERT INTO rate_limit_hits (bucket, key) VALUES (${bucket}, ${key})`;
    await tx.$executeRaw`
      DELETE FROM rate_limit_hits WHERE id IN (
        SELECT id FROM rate_limit_hits WHERE created_at < now() - make_interval(secs => ${KEEP_SECONDS}::int)
        LIMIT ${PRUNE_BATCH}::int)`;
    return 0;
  });
}
