// A transaction the database aborts to break a deadlock (40P01) or a serialization failure (40001)
// has changed nothing: the API answers 503 with Retry-After, which the typed client retries, never a
// 500. Shown with real deadlocks between two transactions, through Prisma and through pg.
import { describe, expect, it } from 'vitest';
import { inProcessDb } from '../helpers/in-process';

const db = inProcessDb();

/** Two transactions each take one advisory lock, then wait for the other's: Postgres aborts one. */
async function deadlock(
  run: (first: number, second: number, bothHoldOne: Promise<void>, holdsOne: () => void) => Promise<unknown>,
) {
  let held = 0;
  let release!: () => void;
  const bothHoldOne = new Promise<void>((r) => {
    release = r;
  });
  const holdsOne = () => {
    held += 1;
    if (held === 2) release();
  };
  const base = Math.floor(Math.random() * 1e9);
  const outcomes = await Promise.allSettled([
    run(base, base + 1, bothHoldOne, holdsOne),
    run(base + 1, base, bothHoldOne, holdsOne),
  ]);
  const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  expect(failed).toHaveLength(1);
  return failed[0]?.reason;
}

describe('a transaction aborted by the database to resolve a conflict', () => {
  it('through Prisma: answered 503 database_busy with Retry-After, not 500', async () => {
    const { getDb } = await import('../../lib/db/client');
    const { toErrorResponse } = await import('../../lib/http/map-error');
    const err = await deadlock((first, second, bothHoldOne, holdsOne) =>
      getDb().$transaction(async (tx) => {
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(${first}::bigint)::text`;
        holdsOne();
        await bothHoldOne;
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(${second}::bigint)::text`;
      }),
    );
    const res = toErrorResponse(err);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toEqual({ error: { code: 'database_busy', message: expect.stringContaining('nothing') } });
  });

  it('through pg (as pg-boss and raw queries see it): recognised the same way', async () => {
    const { isDbConflict } = await import('../../lib/db/errors');
    const err = await deadlock(async (first, second, bothHoldOne, holdsOne) => {
      const c = await db.sql.connect();
      try {
        await c.query('BEGIN');
        await c.query('SELECT pg_advisory_xact_lock($1)', [first]);
        holdsOne();
        await bothHoldOne;
        await c.query('SELECT pg_advisory_xact_lock($1)', [second]);
        await c.query('COMMIT');
      } catch (e) {
        await c.query('ROLLBACK');
        throw e;
      } finally {
        c.release();
      }
    });
    expect((err as { code?: string }).code).toBe('40P01');
    expect(isDbConflict(err)).toBe(true);
    expect(isDbConflict(new Error('deadlock in my novel'))).toBe(false);
  });
});
