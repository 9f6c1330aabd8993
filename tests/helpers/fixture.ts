// Per test file: its own database (from the template), a web process and N workers against it.
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createTestDatabase } from './postgres';
import { type ExtraEnv, type Proc, startWeb, startWorker } from './stack';

export interface Stack {
  dbUrl: string;
  web: Proc & { url: string };
  workers: Proc[];
  /** A pg client on the test database, for assertions on rows. */
  sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  addWorker(env?: ExtraEnv): Promise<Proc>;
}

export function stackForFile(
  opts: { workers?: number; env?: ExtraEnv; workerEnv?: ExtraEnv; webEnv?: ExtraEnv; standalone?: boolean } = {},
): Stack {
  const stack = { workers: [] as Proc[] } as unknown as Stack;
  let drop: () => Promise<void> = async () => undefined;
  let pool: pg.Pool | null = null;
  beforeAll(async () => {
    const db = await createTestDatabase(inject('adminUrl'), inject('templateDb'));
    drop = db.drop;
    stack.dbUrl = db.url;
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    stack.sql = async (text, values) => (await pool!.query(text, values)).rows;
    const env = opts.env ?? {};
    stack.addWorker = async (extra = {}) => {
      const w = await startWorker(db.url, { ...env, ...opts.workerEnv, ...extra });
      stack.workers.push(w);
      return w;
    };
    const [web] = await Promise.all([
      startWeb(db.url, { ...env, ...opts.webEnv }, { standalone: opts.standalone }),
      ...Array.from({ length: opts.workers ?? 1 }, () => stack.addWorker()),
    ]);
    stack.web = web;
  });
  afterAll(async () => {
    await Promise.all([stack.web?.stop(), ...stack.workers.map((w) => w.stop())]);
    await pool?.end();
    await drop();
  });
  return stack;
}
