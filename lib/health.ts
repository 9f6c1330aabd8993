// GET /api/health: can we reach the database, how full is the queue, which workers are alive.
import { pingDb } from './db/client';
import { jobCounts, queueExists } from './queue/jobs';
import { queues } from './queue/registry';
import { isLive, listWorkers } from './queue/workers';

export interface Health {
  ok: boolean;
  database: { ok: boolean; latency_ms: number | null; error?: string };
  queue: { ok: boolean; name: string; queued: number | null; active: number | null };
  workers: {
    id: string;
    hostname: string;
    pid: number;
    concurrency: number;
    running: number;
    last_heartbeat: string;
    live: boolean;
  }[];
  live_workers: number;
}

export async function checkHealth(): Promise<Health> {
  const started = performance.now();
  let dbOk = true;
  let error: string | undefined;
  try {
    await pingDb();
  } catch (err) {
    dbOk = false;
    error = (err as Error).message.split('\n').at(-1)?.slice(0, 200);
  }
  const latency = dbOk ? Math.round((performance.now() - started) * 10) / 10 : null;
  let queue: Health['queue'] = { ok: false, name: queues.generateScript.name, queued: null, active: null };
  let workers: Health['workers'] = [];
  if (dbOk) {
    queue = { ok: true, ...(await jobCounts()) };
    const rows = await listWorkers();
    workers = rows.map((w) => ({
      id: w.id,
      hostname: w.hostname,
      pid: w.pid,
      concurrency: w.concurrency,
      running: w.running,
      last_heartbeat: w.heartbeatAt.toISOString(),
      live: isLive(w),
    }));
  }
  const live = workers.filter((w) => w.live).length;
  return {
    ok: dbOk && queue.ok,
    database: { ok: dbOk, latency_ms: latency, ...(error ? { error } : {}) },
    queue,
    workers,
    live_workers: live,
  };
}

export interface Readiness {
  ok: boolean;
  database: boolean;
  queue: boolean;
}

/** GET /api/health/ready: can this process serve requests — database reachable, queue present. */
export async function checkReady(): Promise<Readiness> {
  const database = await pingDb().then(
    () => true,
    () => false,
  );
  const queue = database ? await queueExists().catch(() => false) : false;
  return { ok: database && queue, database, queue };
}
