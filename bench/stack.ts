// The bench's own stack: a database (embedded Postgres by default, or a fresh database inside
// BENCH_DATABASE_URL), the production web build and worker processes, each spawned by us and
// stopped by us. Mirrors tests/helpers/stack.ts without importing from tests/.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres } from '../lib/db/embedded';
import { buildIfStale, sourceHash } from '../scripts/build';
import { migrateAll } from '../scripts/migrate';

export const root = path.resolve(import.meta.dirname, '..');

export interface BenchDb {
  url: string;
  kind: 'embedded' | 'external';
  serverVersion: string;
  /** Postmaster pid when it runs on this machine (for CPU accounting), else null. */
  postmasterPid: number | null;
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
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

export interface Proc {
  child: ChildProcess;
  pid: number;
  output(): string;
  /** SIGTERM and wait for exit (SIGKILL after `ms`). */
  stop(ms?: number): Promise<void>;
}

function launch(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      CHECKPOINT_DISABLE: '1',
      LOG_LEVEL: 'warn',
      ...env,
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    pid: child.pid ?? -1,
    output: () => out,
    async stop(ms = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), ms);
      await exited;
      clearTimeout(t);
    },
  };
}

async function waitFor(check: () => Promise<boolean> | boolean, proc: Proc, what: string, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${what} exited early:\n${proc.output()}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not become ready in ${ms} ms:\n${proc.output()}`);
}

/** Limits raised so they never throttle the bench; everything else at its default. */
const UNTHROTTLED = {
  MAX_ACTIVE_TASKS: '100000',
  MAX_ACTIVE_TASKS_VIP: '100000',
  SUBMIT_RATE_PER_MINUTE: '1000000',
};

export async function startWeb(databaseUrl: string, distDir: string): Promise<Proc & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = launch(
    [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      SHORTPLAY_DIST_DIR: distDir,
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
      NEXTAUTH_URL: url,
      ...UNTHROTTLED,
    },
  );
  await waitFor(
    async () => {
      try {
        const res = await fetch(`${url}/api/health`);
        await res.arrayBuffer();
        return res.status === 200;
      } catch {
        return false;
      }
    },
    proc,
    'web',
  );
  return Object.assign(proc, { url });
}

export async function startWorker(databaseUrl: string, concurrency: number, id: string): Promise<Proc> {
  const proc = launch(['--import', 'tsx', path.join(root, 'jobs/main.ts')], {
    DATABASE_URL: databaseUrl,
    WORKER_CONCURRENCY: String(concurrency),
    WORKER_ID: id,
    // main.ts prints "ready" with console.log whatever the level.
    LOG_LEVEL: 'warn',
    SHUTDOWN_GRACE_SECONDS: '2',
    ...UNTHROTTLED,
  });
  await waitFor(() => proc.output().includes('ready'), proc, `worker ${id}`);
  return proc;
}
