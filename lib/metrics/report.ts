// The figures of /admin/metrics and GET /api/admin/metrics: task aggregates from lib/tasks (its
// hourly and daily rollups, lib/tasks/stats.ts) and the live workers from lib/queue, for one
// window ending now.
import { unprocessable } from '../errors';
import { isLive, listWorkers } from '../queue/workers';
import { queueNow, windowEndingAt } from '../tasks/metrics';
import { heaviestUsers, stageTimings, tasksInWindow, topFailures, usagePerDayAndModel } from '../tasks/stats';

export const WINDOWS = { '1h': 3600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type WindowName = keyof typeof WINDOWS;

export function parseWindow(value: string | null | undefined): WindowName {
  if (value === null || value === undefined || value === '') return '24h';
  if (value in WINDOWS) return value as WindowName;
  throw unprocessable('validation_error', `window must be one of ${Object.keys(WINDOWS).join(', ')}.`, 'window');
}

export async function metricsReport(name: WindowName, now = new Date()) {
  const w = windowEndingAt(now, WINDOWS[name]);
  const [tasks, stages, failures, usage, heavy, queue, workers] = await Promise.all([
    tasksInWindow(w),
    stageTimings(w),
    topFailures(w),
    usagePerDayAndModel(w),
    heaviestUsers(w),
    queueNow(now),
    listWorkers(500),
  ]);
  const live = workers.filter((x) => isLive(x, now.getTime()));
  const ended = tasks.completed + tasks.failed;
  return {
    window: name,
    since: w.since.toISOString(),
    until: now.toISOString(),
    counts: {
      submitted: tasks.submitted,
      completed: tasks.completed,
      failed: tasks.failed,
      cancelled: tasks.cancelled,
      /** completed / (completed + failed) of the tasks that ended in the window; null when none did. */
      success_rate: ended === 0 ? null : tasks.completed / ended,
    },
    wait_ms: tasks.wait,
    run_ms: tasks.run,
    stages,
    now: {
      running: queue.running,
      live_workers: live.length,
      slots_used: live.reduce((n, x) => n + x.running, 0),
      slots_total: live.reduce((n, x) => n + x.concurrency, 0),
    },
    queue: { waiting: queue.waiting, oldest_waiting_ms: queue.oldest_waiting_ms },
    throughput: tasks.throughput,
    failures,
    usage,
    heaviest_users: heavy,
  };
}
export type MetricsReport = Awaited<ReturnType<typeof metricsReport>>;
