// For tests that call lib/ and jobs/ functions in this process against a real database: a fresh
// copy of the template, this process's DATABASE_URL (and any extra settings) pointed at it before
// lib/ is first imported, a user to act as, and everything closed afterwards. Import lib/ modules
// dynamically in the test file's own beforeAll, which runs after this one.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Actor } from '../../lib/tasks/actor';
import { createTestDatabase } from './postgres';

export interface InProcessDb {
  url: string;
  /** A pg pool on the test database, for setting up and asserting on rows. */
  sql: pg.Pool;
  actor: Actor;
}

export function inProcessDb(settings: Record<string, string> = {}): InProcessDb {
  const ctx = {} as InProcessDb;
  let drop: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    const db = await createTestDatabase(inject('adminUrl'), inject('templateDb'));
    drop = db.drop;
    Object.assign(process.env, settings, { DATABASE_URL: db.url });
    ctx.url = db.url;
    ctx.sql = new pg.Pool({ connectionString: db.url, max: 3 });
    // An idle client ended by the database's drop must not become an uncaught error.
    ctx.sql.on('error', () => undefined);
    const { rows } = await ctx.sql.query<{ id: string }>(
      'INSERT INTO users (email, password_hash, name) VALUES ($1, $2, $3) RETURNING id',
      [`t-${randomUUID()}@example.com`, 'x', 'tester'],
    );
    ctx.actor = { id: rows[0]?.id as string, role: 'user', tier: 'standard' };
  });
  afterAll(async () => {
    const { stopBoss } = await import('../../lib/queue/boss');
    const { closeDb } = await import('../../lib/db/client');
    await stopBoss();
    await closeDb();
    await ctx.sql?.end();
    await drop();
  });
  return ctx;
}
