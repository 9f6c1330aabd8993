// The figures of /admin/metrics and GET /api/admin/metrics: task aggregates from lib/tasks and
// the live workers from lib/queue, for one window ending now.
import { unprocessable } from '../errors';
import { isLive, listWorkers } from '../queue/workers';
import {
  finishedInWindow,
  heaviestUsers,
  queueNow,
  stageTimings,
  submittedInWindow,
  throughputPerHour,
  topFailures,
  usagePerDayAndModel,
} from '../tasks/metrics';

export const WINDOWS = { '1h': 3600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 } as const;
export type WindowName = keyof typeof WINDOWS;

export function parseWindow(value: string | null | undefined): WindowName {
  if (value === null || value === undefined || value === '') return '24h';
  if (value in WINDOWS) return value as WindowName;
  throw unprocessable('validation_error', `window must be one of ${Object.keys(WINDOWS).join(', ')}.`, 'window');
}

export async function metricsReport(name: WindowName, now = new Date()) {
  const w = { since: new Date(now.getTime() - WINDOWS[name]), until: now };
  const [submitted, finished, stages, throughput, failures, usage, heavy, queue, workers] = await Promise.all([
    submittedInWindow(w),
    finishedInWindow(w),
    stageTimings(w),
    throughputPerHour(w),
    topFailures(w),
    usagePerDayAndModel(w),
    heaviestUsers(w),
    queueNow(now),
    listWorkers(500),
  ]);
  const live = workers.filter((x) => isLive(x, now.getTime()));
  const ended = finished.completed + finished.failed;
  return {
    window: name,
    since: w.since.toISOString(),
    until: w.until.toISOString(),
    counts: {
      submitted: submitted.submitted,
      completed: finished.completed,
      failed: finished.failed,
      cancelled: finished.cancelled,
      /** completed / (completed + failed) of the tasks that ended in the window; null when none did. */
      success_rate: ended === 0 ? null : finished.completed / ended,
    },
    wait_ms: submitted.wait,
    run_ms: finished.run,
    stages,
    now: {
      running: queue.running,
      live_workers: live.length,
      slots_used: live.reduce((n, x) => n + x.running, 0),
      slots_total: live.reduce((n, x) => n + x.concurrency, 0),
    },
    queue: { waiting: queue.waiting, oldest_waiting_ms: queue.oldest_waiting_ms },
    throughput,
    failures,
    usage,
    heaviest_users: heavy,
  };
}
export type MetricsReport = Awaited<ReturnType<typeof metricsReport>>;
