import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { adminQuery, withDatabase } from '../lib/db/admin';
import { startEmbeddedPostgres } from '../lib/db/embedded';
import { buildIfStale, sourceHash } from '../scripts/build';
import { migrateAll } from '../scripts/migrate';
import { type Proc, root, startWebProcess, startWorkerProcess } from '../scripts/processes';
import type { BenchUser } from './api';
import type { BenchSql } from './db';

export { type Proc, root };

/** What every measured phase works with: the web process, the database and the bench's users. */
export interface PhaseContext {
  web: string;
  dbUrl: string;
  sql: BenchSql;
  users: BenchUser[];
  /** Process roots whose CPU time is counted (web, postmaster). */
  cpuRoots: Record<string, number | null>;
  log: (s: string) => void;
}

export interface BenchDb {
  url: string;
  kind: 'embedded' | 'external';
  serverVersion: string;
  /** Postmaster pid when it runs on this machine (for CPU accounting), else null. */
  postmasterPid: number | null;
  stop(): Promise<void>;
}

async function serverInfo(url: string): Promise<{ version: string; pid: number | null }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ v: string; pid: number }>('SELECT current_setting($1) AS v, pg_backend_pid() AS pid', [
      'server_version',
    ]);
    const row = r.rows[0];
    if (!row) return { version: '?', pid: null };
    // The backend's parent is the postmaster, if the backend runs on this machine.
    const host = new URL(url).hostname;
    const local = host === '127.0.0.1' || host === 'localhost' || host === '' || host === '::1';
    let ppid: number | null = null;
    if (local) {
      try {
        ppid = Number(readFileSync(`/proc/${row.pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      } catch {
        ppid = null; // not visible from here (container, other user): no Postgres CPU figures
      }
    }
    return { version: row.v, pid: ppid };
  } finally {
    await c.end();
  }
}

/** A migrated, empty database for this run. */
export async function startDb(log: (s: string) => void, statements = false): Promise<BenchDb> {
  const admin = process.env.BENCH_DATABASE_URL;
  if (admin) {
    if (statements) log('BENCH_STATEMENTS needs the embedded Postgres; ignored with BENCH_DATABASE_URL');
    const name = `sp_bench_${randomBytes(5).toString('hex')}`;
    await adminQuery(admin, `CREATE DATABASE ${name}`);
    const url = withDatabase(admin, name);
    await migrateAll(url);
    const d = await serverInfo(url);
    log(`database: ${name} on BENCH_DATABASE_URL (Postgres ${d.version})`);
    return {
      url,
      kind: 'external',
      serverVersion: d.version,
      postmasterPid: d.pid,
      stop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  // os.tmpdir() is traversable by the `postgres` OS user embedded Postgres runs as under root.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shortplay-bench-'));
  let db = await startEmbeddedPostgres(dir, { quiet: true });
  if (statements) {
    // Restart with pg_stat_statements loaded (the embedded binaries ship it), same data dir.
    await db.stop();
    appendFileSync(path.join(dir, 'pg/postgresql.conf'), "\nshared_preload_libraries = 'pg_stat_statements'\n");
    db = await startEmbeddedPostgres(dir, { quiet: true });
  }
  await migrateAll(db.url);
  if (statements) await adminQuery(db.url, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const d = await serverInfo(db.url);
  log(`database: embedded Postgres ${d.version} in ${dir}`);
  return {
    url: db.url,
    kind: 'embedded',
    serverVersion: d.version,
    postmasterPid: d.pid,
    stop: async () => {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The production build, in its own folder keyed by the sources' hash (reused when fresh). When
 * the build fails (someone's half-edited file elsewhere in the tree) the newest earlier bench
 * build is used instead, loudly, and the result records that it was stale.
 */
export function build(log: (s: string) => void): { distDir: string; stale: boolean } {
  const distDir = `.next-bench/${sourceHash(root).slice(0, 16)}`;
  const t = Date.now();
  try {
    const built = buildIfStale(root, log, distDir);
    log(built ? `built ${distDir} in ${((Date.now() - t) / 1000).toFixed(1)} s` : `reusing build ${distDir}`);
    return { distDir, stale: false };
  } catch (err) {
    const dir = path.join(root, '.next-bench');
    const previous = existsSync(dir)
      ? readdirSync(dir)
          .filter((n) => !n.endsWith('.lock') && existsSync(path.join(dir, n, 'BUILD_ID')))
          .map((n) => ({ n, t: statSync(path.join(dir, n)).mtimeMs }))
          .sort((a, b) => b.t - a.t)[0]
      : undefined;
    if (!previous || process.env.BENCH_REQUIRE_FRESH_BUILD) throw err;
    log(`WARNING: ${(err as Error).message}; benchmarking the previous build .next-bench/${previous.n} (stale)`);
    return { distDir: `.next-bench/${previous.n}`, stale: true };
  }
}

/** Limits raised so they never throttle the bench; everything else at its default. */
export const UNTHROTTLED = {
  MAX_ACTIVE_TASKS: '100000',
  MAX_ACTIVE_TASKS_VIP: '100000',
  SUBMIT_RATE_PER_MINUTE: '1000000',
  SIGNUP_PER_IP_PER_HOUR: '1000000',
  CANCEL_RATE_PER_MINUTE: '1000000',
  RETRY_RATE_PER_MINUTE: '1000000',
};

export function startWeb(
  databaseUrl: string,
  distDir: string,
  extra: Record<string, string> = {},
): Promise<Proc & { url: string }> {
  return startWebProcess(distDir, {
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'warn',
    ...UNTHROTTLED,
    ...extra,
  });
}

/** A worker process; `entry` another worker script (bench/fifo-worker.ts: the strict-FIFO baseline). */
export function startWorker(
  databaseUrl: string,
  concurrency: number,
  id: string,
  extra: { entry?: string; env?: Record<string, string> } = {},
): Promise<Proc> {
  return startWorkerProcess(
    {
      DATABASE_URL: databaseUrl,
      WORKER_CONCURRENCY: String(concurrency),
      WORKER_ID: id,
      LOG_LEVEL: 'warn', // main.ts prints "ready" with console.log whatever the level
      SHUTDOWN_GRACE_SECONDS: '2',
      ...UNTHROTTLED,
      ...extra.env,
    },
    { name: `worker ${id}`, ...(extra.entry ? { entry: extra.entry } : {}) },
  );
}
