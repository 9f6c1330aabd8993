// GET /api/metrics: the Prometheus text format. Three sources, merged per scrape:
//  1. this web process's registry (HTTP durations, open SSE streams, process metrics);
//  2. every live worker's snapshot from the workers table (task, stage and LLM series, process
//     metrics), each series labelled worker_id — workers push it with their heartbeat, so a
//     worker needs no open port and scraping one web process sees them all;
//  3. gauges read from the database now (tasks by status, queue depth, live workers).
import { AggregatorRegistry, Gauge, type MetricObjectWithValues, type MetricValue, Registry } from 'prom-client';
import { isLive, listWorkers } from '../queue/workers';
import { queueNow, tasksByStatus } from '../tasks/metrics';
import { TASK_STATUSES } from '../tasks/schema';
import { metrics } from './registry';

type Snapshot = MetricObjectWithValues<MetricValue<string>>[];

/** A worker's snapshot with worker_id added to every series, so workers never sum into each other. */
function labelled(snapshot: unknown, workerId: string): Snapshot {
  if (!Array.isArray(snapshot)) return [];
  return (snapshot as Snapshot).map((m) => ({
    ...m,
    values: (m.values ?? []).map((v) => ({ ...v, labels: { ...v.labels, worker_id: workerId } })),
  }));
}

type WorkerRow = Awaited<ReturnType<typeof listWorkers>>[number];

async function databaseGauges(now: Date, live: WorkerRow[]): Promise<Registry> {
  const registry = new Registry();
  const registers = [registry];
  const [byStatus, queue] = await Promise.all([tasksByStatus(), queueNow(now)]);
  const tasks = new Gauge({ name: 'shortplay_tasks', help: 'Tasks by status', labelNames: ['status'], registers });
  for (const s of TASK_STATUSES) tasks.set({ status: s }, byStatus[s] ?? 0);
  const gauge = (name: string, help: string, value: number) => new Gauge({ name, help, registers }).set(value);
  gauge('shortplay_queue_depth', 'Tasks waiting for a worker', queue.waiting);
  gauge(
    'shortplay_queue_oldest_waiting_seconds',
    'Age of the oldest waiting task (0 when none waits)',
    (queue.oldest_waiting_ms ?? 0) / 1000,
  );
  gauge('shortplay_workers_live', 'Workers whose heartbeat is recent', live.length);
  gauge(
    'shortplay_worker_slots_total',
    'Task slots of live workers',
    live.reduce((n, w) => n + w.concurrency, 0),
  );
  gauge(
    'shortplay_worker_slots_used',
    'Task slots in use on live workers',
    live.reduce((n, w) => n + w.running, 0),
  );
  const rss = new Gauge({
    name: 'shortplay_worker_rss_bytes',
    help: 'Resident memory of each live worker at its last heartbeat',
    labelNames: ['worker_id'],
    registers,
  });
  const lag = new Gauge({
    name: 'shortplay_worker_event_loop_lag_seconds',
    help: 'p99 event-loop delay of each live worker between heartbeats',
    labelNames: ['worker_id'],
    registers,
  });
  for (const w of live) {
    if (w.rssBytes !== null) rss.set({ worker_id: w.id }, Number(w.rssBytes));
    if (w.eventLoopLagMs !== null) lag.set({ worker_id: w.id }, w.eventLoopLagMs / 1000);
  }
  return registry;
}

export async function scrape(now = new Date()): Promise<{ contentType: string; body: string }> {
  const live = (await listWorkers(500)).filter((w) => isLive(w, now.getTime()));
  const [own, db] = await Promise.all([metrics.registry.getMetricsAsJSON(), databaseGauges(now, live)]);
  const snapshots = live.filter((w) => w.metrics).map((w) => labelled(w.metrics, w.id));
  const processes = AggregatorRegistry.aggregate([own as Snapshot, ...snapshots]) as Registry;
  const merged = Registry.merge([processes, db]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}
