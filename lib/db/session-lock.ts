// "Only one process at a time" without holding a pool connection or a transaction open: a
// session-level advisory lock on a short-lived connection of its own. The work itself uses the
// pool; the lock goes away with the connection if the process dies.
import pg from 'pg';
import { requireDatabaseUrl } from '../env';

/** Runs `fn` when no other process holds `key`, and returns its result; else returns undefined at once. */
export async function whileHoldingLock<T>(key: number, fn: () => Promise<T>): Promise<T | undefined> {
  const client = new pg.Client({ connectionString: requireDatabaseUrl(), application_name: 'shortplay-lock' });
  client.on('error', () => undefined); // a dropped connection releases the lock; the query below reports it
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key]);
    if (!rows[0]?.ok) return undefined;
    return await fn();
  } finally {
    await client.end().catch(() => undefined); // ending the session releases the lock
  }
}
