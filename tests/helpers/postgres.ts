// Test databases: one Postgres per test run (embedded, or TEST_DATABASE_URL such as this
// machine's Postgres 15), a template migrated once, and a fresh copy per test file.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { adminQuery, withDatabase } from '../../lib/db/admin';

export { adminQuery, withDatabase };

/** CREATE DATABASE … TEMPLATE: a migrated, empty database in ~50 ms. */
export async function createTestDatabase(
  adminUrl: string,
  template: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sp_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => dropTestDatabase(adminUrl, name),
  };
}

/**
 * Drops a test database once the connections its pools were closing have gone. pg's pool.end()
 * resolves before each client's socket has closed; terminating those clients with FORCE would
 * send them a FATAL that an idle pool re-emits as an uncaught error in the test process. FORCE
 * stays for connections that never close (a test that forgot a pool), after a short wait.
 */
async function dropTestDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (let i = 0; i < 60; i++) {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      if ((rows[0]?.n ?? 0) === 0) break;
      await sleep(50);
    }
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
