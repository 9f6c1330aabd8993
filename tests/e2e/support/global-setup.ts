// Once per `playwright test`: Postgres (embedded, or TEST_DATABASE_URL's server) with a fresh
// migrated database, an up-to-date production build in .next-test/<hash>, one web process and one
// worker. Tests find them through E2E_BASE_URL and E2E_DATABASE_URL; the returned function tears
// everything down.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import webpush from 'web-push';
import { type EmbeddedDb, startEmbeddedPostgres } from '../../../lib/db/embedded';
import { buildIfStale, pruneTestBuilds, sourceHash } from '../../../scripts/build';
import { migrateAll } from '../../../scripts/migrate';
import { adminQuery, withDatabase } from '../../helpers/postgres';
import { type Proc, startWeb, startWorker } from './processes';

export const E2E_SECRET = 'e2e-test-secret-e2e-test-secret-e2e-test-secret';

export default async function globalSetup() {
  const t0 = Date.now();
  const log = (m: string) => console.log(`[e2e setup +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
  let embedded: EmbeddedDb | null = null;
  let dir: string | null = null;
  const procs: Proc[] = [];
  let adminUrl = process.env.TEST_DATABASE_URL;
  const database = `sp_e2e_${process.pid}`;

  const teardown = async () => {
    await Promise.all(procs.map((p) => p.stop()));
    if (adminUrl) await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    if (embedded) await embedded.stop().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  };

  try {
    const distDir = `.next-test/${sourceHash().slice(0, 16)}`;
    // Build first: it is the slow part and needs no database.
    buildIfStale(process.cwd(), log, distDir);
    pruneTestBuilds(3);
    if (!adminUrl) {
      dir = mkdtempSync(path.join(os.tmpdir(), 'shortplay-e2e-pg-'));
      embedded = await startEmbeddedPostgres(dir, { quiet: true });
      adminUrl = withDatabase(embedded.url, 'postgres');
    }
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await adminQuery(adminUrl, `CREATE DATABASE ${database}`);
    const databaseUrl = withDatabase(adminUrl, database);
    await migrateAll(databaseUrl);
    log('database migrated');

    // Webhook tests post to a receiver on this machine's loopback.
    // Browser push is available: a VAPID key pair made for this run.
    const vapid = webpush.generateVAPIDKeys();
    const env = {
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
    };
    const started = await Promise.allSettled([
      startWeb({
        ...env,
        SHORTPLAY_DIST_DIR: distDir,
        NEXTAUTH_SECRET: E2E_SECRET,
        // every test signs its users up from 127.0.0.1; bulk actions cancel many at once
        SIGNUP_PER_IP_PER_HOUR: '1000000',
        CANCEL_RATE_PER_MINUTE: '1000000',
        RETRY_RATE_PER_MINUTE: '1000000',
      }),
      // Slow enough that a test sees the progress bar move and can cancel a running task.
      startWorker({ ...env, LOG_LEVEL: 'info', OFFLINE_ENGINE_DELAY_MS: '120', SHUTDOWN_GRACE_SECONDS: '2' }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') procs.push(s.value);
    const [web, worker] = started;
    if (web.status === 'rejected') throw web.reason;
    if (worker.status === 'rejected') throw worker.reason;
    log(`web at ${web.value.url}, worker ready`);
    process.env.E2E_BASE_URL = web.value.url;
    process.env.E2E_DATABASE_URL = databaseUrl;
  } catch (err) {
    await teardown();
    throw err;
  }
  return teardown;
}
