// The workers table: one row per worker process, refreshed by its heartbeat, read by
// GET /api/health and pruned by maintenance.
import { getDb } from '../db/client';
import { env } from '../env';
import type { Prisma } from '../generated/prisma/client';

export interface WorkerBeat {
  id: string;
  hostname: string;
  pid: number;
  concurrency: number;
  /** Jobs running in the process right now. */
  running: number;
  rssBytes?: number;
  eventLoopLagMs?: number;
  /** prom-client's getMetricsAsJSON() of the process (merged into GET /api/metrics). */
  metrics?: unknown;
}

export async function recordHeartbeat(w: WorkerBeat): Promise<void> {
  const health = {
    running: w.running,
    rssBytes: w.rssBytes ?? null,
    eventLoopLagMs: w.eventLoopLagMs ?? null,
    ...(w.metrics === undefined ? {} : { metrics: w.metrics as Prisma.InputJsonValue }),
  };
  await getDb().worker.upsert({
    where: { id: w.id },
    create: { id: w.id, hostname: w.hostname, pid: w.pid, concurrency: w.concurrency, ...health },
    update: { heartbeatAt: new Date(), ...health },
  });
}

/** A worker leaving; an already missing row (pruned, or the database is down) is not an error. */
export async function removeWorker(id: string): Promise<void> {
  await getDb().worker.deleteMany({ where: { id } });
}

/** The most recently heard-from workers first. */
export function listWorkers(limit = 50) {
  return getDb().worker.findMany({ orderBy: { heartbeatAt: 'desc' }, take: limit });
}

/** Rows of workers not heard from for an hour: they crashed or were stopped without a goodbye. */
export function forgetStaleWorkers(): Promise<number> {
  return getDb().$executeRaw`DELETE FROM workers WHERE heartbeat_at < now() - interval '1 hour'`;
}

/** A worker is live while its last heartbeat is younger than two heartbeat intervals (at least 15 s). */
export function isLive(w: { heartbeatAt: Date }, now = Date.now()): boolean {
  return now - w.heartbeatAt.getTime() < Math.max(15, env.JOB_HEARTBEAT_SECONDS * 2) * 1000;
}
