// Postgres restarted in the middle of a run: the API answers 503 with Retry-After meanwhile (never
// 500), and afterwards every task ends completed with exactly one result; nothing is stuck.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDb, startEmbeddedPostgres } from '../../lib/db/embedded';
import type { TaskInfo } from '../../lib/tasks/schema';
import { migrateAll } from '../../scripts/migrate';
import { signUp, type TestUser } from '../helpers/api';
import { allowConsoleError } from '../helpers/setup';
import { type Proc, startWeb, startWorker } from '../helpers/stack';
import { waitForTask, waitUntil } from '../helpers/wait';

let dir: string;
let pgServer: EmbeddedDb;
let port: number;
let web: Proc & { url: string };
let worker: Proc;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shortplay-restart-'));
  pgServer = await startEmbeddedPostgres(dir, { quiet: true });
  port = Number(new URL(pgServer.url).port);
  await migrateAll(pgServer.url);
  [web, worker] = await Promise.all([
    startWeb(pgServer.url),
    startWorker(pgServer.url, { OFFLINE_ENGINE_DELAY_MS: '300', WORKER_CONCURRENCY: '4' }),
  ]);
});

afterAll(async () => {
  await Promise.all([web?.stop(), worker?.stop()]);
  await pgServer?.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const waitAll = (user: TestUser, ids: string[], pred: (t: TaskInfo) => boolean, timeoutMs = 90_000) =>
  Promise.all(ids.map((id) => waitForTask(user.client, id, pred, { timeoutMs })));

const NOVEL = Array.from({ length: 6 }, (_, i) => `第${i + 1}章\n\n阿Q说：“第${i + 1}回。”\n`).join('\n');

describe('database restart', () => {
  it('answers 503 while Postgres is down and finishes every task once it is back', async () => {
    allowConsoleError(); // the pg driver may log the dropped connections
    const user = await signUp(web.url);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await user.client.submitScriptGenerationTask(NOVEL, { episodes: 6 })).task_id);
    await waitAll(user, ids, (t) => t.status === 'processing' && t.progress > 0, 30_000);

    const seen = worker.output().length;
    await pgServer.stop();
    const get = await user.fetch(`/api/tasks/${ids[0]}`);
    expect(get.status).toBe(503);
    expect(get.headers.get('retry-after')).toBeTruthy();
    expect((await get.json()).error.code).toBe('database_unavailable');
    const post = await user.fetch('/api/tasks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ novel_content: NOVEL }),
    });
    expect(post.status).toBe(503);
    const health = await fetch(`${web.url}/api/health`);
    expect(health.status).toBe(503);
    // Down until the worker has run into it too (its next fetch fails), not for a guessed while.
    await waitUntil(() => worker.output().slice(seen).includes('"msg":"fetch failed"'), {
      what: 'the worker to find the database down',
      timeoutMs: 20_000,
      describe: () => worker.output().slice(seen),
    });

    pgServer = await startEmbeddedPostgres(dir, { quiet: true, port });
    const done = await waitAll(user, ids, (t) => t.status === 'completed' || t.status === 'failed');
    for (const t of done) {
      expect(t.status, JSON.stringify(t.error)).toBe('completed');
      expect(t.result?.episodes).toHaveLength(6);
    }
    const after = await user.client.submitScriptGenerationTask(NOVEL);
    const finished = await user.client.waitForTaskCompletion(after.task_id, undefined, { timeoutMs: 60_000 });
    expect(finished.status).toBe('completed');
  }, 180_000);
});
