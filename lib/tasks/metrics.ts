// Exact reads over the task tables within a time window, for alerts and Prometheus (lib/metrics,
// lib/alerts). Each query walks one index range (migration 20261130104000_ops_metrics).
// Durations are milliseconds; percentiles are exact (percentile_cont). The metrics report's
// windows read the hourly and daily rollups instead (./stats.ts).
import { getDb } from '../db/client';

export interface Window {
  since: Date;
  until: Date;
}

/**
 * The `ms` before `now`, up to and including `now`'s millisecond: a window's end is exclusive and
 * the rows keep microseconds, so a row written earlier within that millisecond is in it.
 */
export function windowEndingAt(now: Date, ms: number): Window {
  return { since: new Date(now.getTime() - ms), until: new Date(now.getTime() + 1) };
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
}

const pct = (xs: (number | null)[] | null): Percentiles => ({
  p50: xs?.[0] == null ? null : Math.round(xs[0]),
  p95: xs?.[1] == null ? null : Math.round(xs[1]),
});

/** Tasks submitted in the window and their wait (created → started), for those that started. */
export async function submittedInWindow(w: Window): Promise<{ submitted: number; wait: Percentiles }> {
  const [row] = await getDb().$queryRaw<{ submitted: bigint; wait: number[] | null }[]>`
    SELECT count(*) AS submitted,
      percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - created_at) * 1000)
        FILTER (WHERE started_at IS NOT NULL) AS wait
    FROM script_tasks WHERE created_at >= ${w.since} AND created_at < ${w.until}`;
  return { submitted: Number(row?.submitted ?? 0), wait: pct(row?.wait ?? null) };
}

/** Tasks that ended in the window, by final status, and the run time (started → finished) of the completed. */
export async function finishedInWindow(
  w: Window,
): Promise<{ completed: number; failed: number; cancelled: number; run: Percentiles }> {
  const [row] = await getDb().$queryRaw<
    { completed: bigint; failed: bigint; cancelled: bigint; run: number[] | null }[]
  >`
    SELECT count(*) FILTER (WHERE status = 'completed') AS completed,
      count(*) FILTER (WHERE status = 'failed') AS failed,
      count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
      percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at) * 1000)
        FILTER (WHERE status = 'completed' AND started_at IS NOT NULL) AS run
    FROM script_tasks WHERE finished_at >= ${w.since} AND finished_at < ${w.until}`;
  return {
    completed: Number(row?.completed ?? 0),
    failed: Number(row?.failed ?? 0),
    cancelled: Number(row?.cancelled ?? 0),
    run: pct(row?.run ?? null),
  };
}

export interface QueueNow {
  running: number;
  waiting: number;
  /** Age of the oldest waiting task in ms at `now`, or null when none waits. */
  oldest_waiting_ms: number | null;
}

/** Right now: running and waiting tasks, and how long the oldest waiting one has waited. */
export async function queueNow(now: Date): Promise<QueueNow> {
  const [row] = await getDb().$queryRaw<{ running: bigint; waiting: bigint; oldest: Date | null }[]>`
    SELECT (SELECT count(*) FROM script_tasks WHERE status = 'processing') AS running,
      (SELECT count(*) FROM script_tasks WHERE status = 'pending') AS waiting,
      (SELECT min(created_at) FROM script_tasks WHERE status = 'pending') AS oldest`;
  return {
    running: Number(row?.running ?? 0),
    waiting: Number(row?.waiting ?? 0),
    oldest_waiting_ms: row?.oldest ? Math.max(0, now.getTime() - row.oldest.getTime()) : null,
  };
}

/** Tasks by status across the whole table (Prometheus' gauge). */
export async function tasksByStatus(): Promise<Record<string, number>> {
  const rows = await getDb().$queryRaw<{ status: string; n: bigint }[]>`
    SELECT status::text AS status, count(*) AS n FROM script_tasks GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Of the LLM runs that ended in the window, how many failed on a model error, and how many ended. */
export async function llmFailures(w: Window): Promise<{ failed: number; ended: number }> {
  const [row] = await getDb().$queryRaw<{ failed: bigint; ended: bigint }[]>`
    SELECT count(*) FILTER (WHERE status = 'failed' AND (error_code LIKE 'model\\_%' OR error_code LIKE 'llm\\_%')) AS failed,
      count(*) FILTER (WHERE status IN ('completed', 'failed')
        AND (usage_tokens > 0 OR error_code LIKE 'model\\_%' OR error_code LIKE 'llm\\_%')) AS ended
    FROM script_tasks WHERE finished_at >= ${w.since} AND finished_at < ${w.until}`;
  return { failed: Number(row?.failed ?? 0), ended: Number(row?.ended ?? 0) };
}

/** US dollars spent by runs that finished in the window. */
export async function spendInWindow(w: Window): Promise<number> {
  const [row] = await getDb().$queryRaw<{ usd: number | null }[]>`
    SELECT sum(usage_cost_usd) AS usd FROM script_tasks WHERE finished_at >= ${w.since} AND finished_at < ${w.until}`;
  return row?.usd ?? 0;
}
