// npm start — the whole product on one machine: Postgres (embedded under .data/ unless
// DATABASE_URL is set), migrations, a production build when needed, the web app and one worker.
// Children are spawned here with this Node and stopped here, so nothing is left orphaned.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type EmbeddedDb, startEmbeddedPostgres } from '../lib/db/embedded';
import { env } from '../lib/env';
import { loadOrCreateVapidKeys } from '../lib/notify/vapid';
import { buildIfStale } from './build';
import { migrateAll } from './migrate';
import { webPreloadArgs } from './processes';

const root = process.cwd();
const dataDir = path.resolve(env.DATA_DIR);

function secret(): string {
  if (env.NEXTAUTH_SECRET) return env.NEXTAUTH_SECRET;
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'nextauth-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** The VAPID key pair for browser push: from env, or generated once into DATA_DIR/vapid-keys.json. */
function vapid(): { VAPID_PUBLIC_KEY: string; VAPID_PRIVATE_KEY: string } {
  const keys =
    env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY
      ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY }
      : loadOrCreateVapidKeys(dataDir);
  return { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey };
}

async function main(): Promise<void> {
  let embedded: EmbeddedDb | null = null;
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    console.log(`Starting embedded Postgres (data in ${path.relative(root, dataDir) || '.'}/pg)…`);
    embedded = await startEmbeddedPostgres(dataDir, { quiet: true });
    databaseUrl = embedded.url;
  }
  const port = env.PORT;
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: secret(),
    ...vapid(),
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: '1',
    CHECKPOINT_DISABLE: '1',
    NODE_ENV: 'production',
  };

  const children = new Set<ChildProcess>();
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping Shortplay…');
    await Promise.all(
      [...children].map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
            setTimeout(() => c.kill('SIGKILL'), (env.SHUTDOWN_GRACE_SECONDS + 10) * 1000).unref();
          }),
      ),
    );
    if (embedded) await embedded.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    await migrateAll(databaseUrl);
    buildIfStale(root);
  } catch (err) {
    console.error((err as Error).message);
    await stopAll(1);
    return;
  }

  const startChild = (name: string, args: string[], restart: boolean) => {
    const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: 'inherit' });
    children.add(child);
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      if (restart) {
        console.warn(`${name} exited (${signal ?? code}); restarting in 2 s`);
        setTimeout(() => !stopping && startChild(name, args, restart), 2_000);
      } else {
        console.error(`${name} exited (${signal ?? code}); stopping`);
        void stopAll(1);
      }
    });
  };
  const next = path.join(root, 'node_modules/next/dist/bin/next');
  startChild('web', [...webPreloadArgs(), next, 'start', '-p', String(port)], false);
  startChild('worker', ['--import', 'tsx', path.join(root, 'jobs/main.ts')], true);
  console.log(
    `\nShortplay is running: open http://localhost:${port} and create an account at http://localhost:${port}/signup ` +
      `(engine: ${env.OPENAI_API_KEY ? 'LLM' : 'offline, no model key set'}; database: ${embedded ? 'embedded' : 'DATABASE_URL'}). Ctrl+C stops it.\n`,
  );
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
