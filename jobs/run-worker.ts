// One worker process (jobs/main.ts; bench/fifo-worker.ts runs it with the strict-FIFO claim): pg-boss,
// the worker, the notifier; SIGTERM/SIGINT: stop fetching, finish or hand back running tasks, exit.
import type { PgBoss } from 'pg-boss';
import { closeDb } from '../lib/db/client';
import { env, requireDatabaseUrl } from '../lib/env';
import { getHub } from '../lib/live/hub';
import { probeAtStart } from '../lib/llm/probe';
import { ensureQueues, getBoss, stopBoss } from '../lib/queue/boss';
import { Notifier } from './notifier';
import { Worker, type WorkerOptions } from './worker';

/** `claim`: the benchmark's strict-FIFO baseline only; default the fair claim. */
export async function runWorkerProcess(claim?: (boss: PgBoss) => WorkerOptions['fetch']): Promise<void> {
  requireDatabaseUrl();
  const boss = await getBoss({ worker: true });
  await ensureQueues(boss);
  const hub = getHub();
  const worker = new Worker(boss, hub, {
    concurrency: env.WORKER_CONCURRENCY,
    ...(env.WORKER_ID ? { id: env.WORKER_ID } : {}),
    ...(claim ? { fetch: claim(boss) } : {}),
  });
  await worker.start();
  const notifier = new Notifier(boss, hub);
  await notifier.start();
  console.log(`[worker] ${worker.id} ready (concurrency ${env.WORKER_CONCURRENCY})`);
  // Not awaited before taking work: a slow provider must not delay the offline engine's tasks.
  void probeAtStart();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(
      `[worker] ${signal}: finishing ${worker.active} running task(s), grace ${env.SHUTDOWN_GRACE_SECONDS} s`,
    );
    await worker.stop(env.SHUTDOWN_GRACE_SECONDS * 1000);
    await notifier.stop();
    await hub.close();
    await stopBoss();
    await closeDb();
    console.log('[worker] stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
