// Test databases: one Postgres per test run (embedded, or TEST_DATABASE_URL such as this
// machine's Postgres 15), a template migrated once, and a fresh copy per test file.
import { randomBytes } from 'node:crypto';
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
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
