// Reads for the operations metrics (lib/metrics): aggregates over the task tables within a time
// window. Each query walks one index range (migration 20261130104000_ops_metrics) so it stays
// fast on millions of tasks. Durations are milliseconds; percentiles are exact (percentile_cont).
import { getDb } from '../db/client';

export interface Window {
  since: Date;
  until: Date;
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

export interface StageTiming extends Percentiles {
  stage: string;
  count: number;
}

/** How long each pipeline stage took, from the stage_completed events written in the window. */
export async function stageTimings(w: Window): Promise<StageTiming[]> {
  const rows = await getDb().$queryRaw<{ stage: string; count: bigint; p: number[] }[]>`
    SELECT data->>'stage' AS stage, count(*) AS count,
      percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY (data->>'ms')::float8) AS p
    FROM task_events
    WHERE kind = 'stage_completed' AND created_at >= ${w.since} AND created_at < ${w.until}
      AND jsonb_typeof(data->'ms') = 'number'
    GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ stage: r.stage, count: Number(r.count), ...pct(r.p) }));
}

export interface HourPoint {
  /** Start of the hour (UTC, ISO). */
  hour: string;
  submitted: number;
  completed: number;
  failed: number;
}

/** Submitted, completed and failed tasks per hour of the window (hours with none included as zeros). */
export async function throughputPerHour(w: Window): Promise<HourPoint[]> {
  const rows = await getDb().$queryRaw<{ hour: Date; submitted: bigint; completed: bigint; failed: bigint }[]>`
    WITH hours AS (
      SELECT generate_series(date_trunc('hour', ${w.since}::timestamptz), ${w.until}::timestamptz - interval '1 microsecond', interval '1 hour') AS hour),
    s AS (
      SELECT date_trunc('hour', created_at) AS hour, count(*) AS n FROM script_tasks
      WHERE created_at >= ${w.since} AND created_at < ${w.until} GROUP BY 1),
    f AS (
      SELECT date_trunc('hour', finished_at) AS hour,
        count(*) FILTER (WHERE status = 'completed') AS completed, count(*) FILTER (WHERE status = 'failed') AS failed
      FROM script_tasks WHERE finished_at >= ${w.since} AND finished_at < ${w.until} GROUP BY 1)
    SELECT hours.hour, COALESCE(s.n, 0) AS submitted, COALESCE(f.completed, 0) AS completed, COALESCE(f.failed, 0) AS failed
    FROM hours LEFT JOIN s USING (hour) LEFT JOIN f USING (hour) ORDER BY hours.hour`;
  return rows.map((r) => ({
    hour: r.hour.toISOString(),
    submitted: Number(r.submitted),
    completed: Number(r.completed),
    failed: Number(r.failed),
  }));
}

export interface FailureReason {
  code: string;
  count: number;
  /** The most recent message with this code. */
  example: string | null;
}

export async function topFailures(w: Window, limit = 10): Promise<FailureReason[]> {
  const rows = await getDb().$queryRaw<{ code: string; count: bigint; example: string | null }[]>`
    SELECT COALESCE(error_code, 'unknown') AS code, count(*) AS count,
      (array_agg(error_message ORDER BY finished_at DESC))[1] AS example
    FROM script_tasks
    WHERE finished_at >= ${w.since} AND finished_at < ${w.until} AND status = 'failed'
    GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`;
  return rows.map((r) => ({ code: r.code, count: Number(r.count), example: r.example }));
}

export interface UsageRow {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  model: string;
  tasks: number;
  tokens: number;
  cost_usd: number;
}

/** Tokens and cost of runs that finished in the window, per UTC day and model (runs that spent tokens). */
export async function usagePerDayAndModel(w: Window): Promise<UsageRow[]> {
  const rows = await getDb().$queryRaw<{ day: string; model: string; tasks: bigint; tokens: bigint; cost: number }[]>`
    SELECT to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, usage_model AS model, count(*) AS tasks,
      sum(usage_tokens)::bigint AS tokens, sum(usage_cost_usd) AS cost
    FROM script_tasks
    WHERE finished_at >= ${w.since} AND finished_at < ${w.until} AND usage_tokens > 0
    GROUP BY 1, 2 ORDER BY 1, 2`;
  return rows.map((r) => ({
    day: r.day,
    model: r.model,
    tasks: Number(r.tasks),
    tokens: Number(r.tokens),
    cost_usd: r.cost,
  }));
}

export interface HeavyUser {
  user_id: string;
  email: string;
  tasks: number;
  tokens: number;
  cost_usd: number;
}

/** The users who submitted the most in the window, by tokens spent, then by tasks. */
export async function heaviestUsers(w: Window, limit = 10): Promise<HeavyUser[]> {
  const rows = await getDb().$queryRaw<
    { user_id: string; email: string; tasks: bigint; tokens: bigint; cost: number }[]
  >`
    SELECT t.user_id::text AS user_id, u.email, t.tasks, t.tokens, t.cost FROM (
      SELECT user_id, count(*) AS tasks, COALESCE(sum(usage_tokens), 0)::bigint AS tokens,
        COALESCE(sum(usage_cost_usd), 0) AS cost
      FROM script_tasks WHERE created_at >= ${w.since} AND created_at < ${w.until}
      GROUP BY user_id ORDER BY tokens DESC, tasks DESC LIMIT ${limit}) t
    JOIN users u ON u.id = t.user_id ORDER BY t.tokens DESC, t.tasks DESC`;
  return rows.map((r) => ({
    user_id: r.user_id,
    email: r.email,
    tasks: Number(r.tasks),
    tokens: Number(r.tokens),
    cost_usd: r.cost,
  }));
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
