// Once per `vitest run` of the integration project: a Postgres server, a migrated template
// database (our migrations + pg-boss's schema and queues), and an up-to-date production build.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedDb, startEmbeddedPostgres } from '../../lib/db/embedded';
import { buildIfStale, pruneTestBuilds, sourceHash } from '../../scripts/build';
import { migrateAll } from '../../scripts/migrate';
import { adminQuery, withDatabase } from './postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDb: string;
    distDir: string;
  }
}

export default async function setup(project: TestProject) {
  let embedded: EmbeddedDb | null = null;
  let dir: string | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    dir = mkdtempSync(path.join(os.tmpdir(), 'shortplay-test-pg-'));
    embedded = await startEmbeddedPostgres(dir, { quiet: true });
    adminUrl = withDatabase(embedded.url, 'postgres');
  }
  const templateDb = `sp_template_${process.pid}`;
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${templateDb} WITH (FORCE)`);
  await adminQuery(adminUrl, `CREATE DATABASE ${templateDb}`);
  await migrateAll(withDatabase(adminUrl, templateDb));
  // Each source state builds into its own folder, so concurrent runs never share one.
  const distDir = `.next-test/${sourceHash().slice(0, 16)}`;
  buildIfStale(process.cwd(), (m) => console.log(`[test setup] ${m}`), distDir);
  pruneTestBuilds(3);
  project.provide('distDir', distDir);
  project.provide('adminUrl', adminUrl);
  project.provide('templateDb', templateDb);

  return async () => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${templateDb} WITH (FORCE)`).catch(() => undefined);
    if (embedded) await embedded.stop().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
