// The metrics report's window figures from the task_stats rollups (migration
// 20261201100000_task_stats_rollups, docs/decisions/0142): whole UTC days and whole hours inside
// the window are read from the rollup rows, the ragged edges (the part-hour at each end) are
// computed from the base tables by task_stats_compute, so a window of any length reads at most
// one hour of tasks. Percentiles come from the merged log-bucket histograms: see
// percentilesFromHistogram for the tolerance.
import { getDb } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import type { Percentiles, Window } from './metrics';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type StatDim = 'created' | 'ended' | 'user' | 'code' | 'model' | 'stage';
/** Dimensions the rollup keeps per hour only (see task_stats_grains in the migration). */
const HOURLY_ONLY: ReadonlySet<StatDim> = new Set(['created', 'ended']);

/** Buckets per doubling of milliseconds (task_stats_bucket). */
export const BUCKETS_PER_DOUBLING = 8;
/**
 * Each percentile read from a histogram is within this ratio of the exact percentile_cont of the
 * same durations (half a bucket: 2^(1/16) − 1 ≈ 4.4 %), plus 1 ms for values under 1 ms and the
 * rounding to whole milliseconds.
 */
export const PERCENTILE_TOLERANCE = 2 ** (1 / (2 * BUCKETS_PER_DOUBLING)) - 1;

interface Range {
  grain: 'hour' | 'day';
  from: Date;
  to: Date;
}

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;
const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;

/**
 * How a window splits: `live` edges read from the base tables, and rollup ranges — whole days
 * (for dimensions kept per day) and whole hours around them.
 */
export function splitWindow(w: Window, hourlyOnly: boolean): { live: Range[]; rollup: Range[] } {
  const since = w.since.getTime();
  const until = w.until.getTime();
  const a = ceilTo(since, HOUR);
  const b = floorTo(until, HOUR);
  if (a >= b) return { live: [{ grain: 'hour', from: w.since, to: w.until }], rollup: [] };
  const live: Range[] = [];
  if (since < a) live.push({ grain: 'hour', from: w.since, to: new Date(a) });
  if (b < until) live.push({ grain: 'hour', from: new Date(b), to: w.until });
  const d1 = ceilTo(a, DAY);
  const d2 = floorTo(b, DAY);
  const hours = (from: number, to: number): Range[] =>
    from < to ? [{ grain: 'hour', from: new Date(from), to: new Date(to) }] : [];
  if (hourlyOnly || d1 >= d2) return { live, rollup: hours(a, b) };
  return { live, rollup: [...hours(a, d1), { grain: 'day', from: new Date(d1), to: new Date(d2) }, ...hours(d2, b)] };
}

interface StatRow {
  dim: StatDim;
  key: string;
  period_start: Date;
  n: bigint;
  completed: bigint;
  failed: bigint;
  cancelled: bigint;
  tokens: bigint;
  cost_usd: number;
  hist: Record<string, number>;
  example: string | null;
}

/** The rows of one dimension over the window: rollup rows of whole periods, then the live edges. */
function rowsSql(dim: StatDim, w: Window): Prisma.Sql {
  const { live, rollup } = splitWindow(w, HOURLY_ONLY.has(dim));
  // One index range scan per range (a join with a VALUES list of ranges was planned as a
  // sequential scan of the whole table).
  const parts: Prisma.Sql[] = rollup.map(
    (r) => Prisma.sql`SELECT * FROM task_stats WHERE dim = ${dim} AND grain = ${r.grain}
      AND period_start >= ${r.from}::timestamptz AND period_start < ${r.to}::timestamptz`,
  );
  for (const r of live) {
    parts.push(
      Prisma.sql`SELECT * FROM task_stats_compute('hour', ${r.from}::timestamptz, ${r.to}::timestamptz, ARRAY[${dim}])`,
    );
  }
  return Prisma.join(parts, ' UNION ALL ');
}

async function statRows(dim: StatDim, w: Window): Promise<StatRow[]> {
  return getDb().$queryRaw<StatRow[]>`
    SELECT dim, key, period_start, n, completed, failed, cancelled, tokens, cost_usd, hist, example
    FROM (${rowsSql(dim, w)}) x ORDER BY period_start, key`;
}

export type Histogram = Map<number, number>;

function mergeHistogram(into: Histogram, hist: Record<string, number>): void {
  for (const [b, c] of Object.entries(hist)) into.set(Number(b), (into.get(Number(b)) ?? 0) + Number(c));
}

/** The geometric middle of a bucket in ms (0 for the under-1-ms bucket). */
export function bucketMiddle(bucket: number): number {
  return bucket <= 0 ? 0 : 2 ** ((bucket - 0.5) / BUCKETS_PER_DOUBLING);
}

/**
 * percentile_cont over a histogram: the k-th smallest duration is taken as the middle of its
 * bucket, then neighbouring ranks are interpolated as percentile_cont does. Within
 * PERCENTILE_TOLERANCE of the exact value (interpolating two estimates that are each within a
 * ratio stays within it).
 */
export function percentilesFromHistogram(h: Histogram, ps: readonly number[]): (number | null)[] {
  const buckets = [...h.entries()].filter(([, c]) => c > 0).sort((x, y) => x[0] - y[0]);
  const total = buckets.reduce((s, [, c]) => s + c, 0);
  if (total === 0) return ps.map(() => null);
  const nth = (k: number): number => {
    let seen = 0;
    for (const [b, c] of buckets) {
      seen += c;
      if (k < seen) return bucketMiddle(b);
    }
    return bucketMiddle(buckets[buckets.length - 1]?.[0] ?? 0);
  };
  return ps.map((p) => {
    const rank = p * (total - 1);
    const lo = Math.floor(rank);
    const vlo = nth(lo);
    return Math.round(vlo + (nth(Math.ceil(rank)) - vlo) * (rank - lo));
  });
}

function pct(h: Histogram): Percentiles {
  const [p50 = null, p95 = null] = percentilesFromHistogram(h, [0.5, 0.95]);
  return { p50, p95 };
}

const hourKey = (t: Date) => new Date(floorTo(t.getTime(), HOUR)).toISOString();

export interface HourPoint {
  /** Start of the hour (UTC, ISO). */
  hour: string;
  submitted: number;
  completed: number;
  failed: number;
}

/** Counts, wait and run percentiles, and throughput per hour (every hour of the window, zeros included). */
export async function tasksInWindow(w: Window) {
  const [created, ended] = await Promise.all([statRows('created', w), statRows('ended', w)]);
  const points = new Map<string, HourPoint>();
  for (let t = floorTo(w.since.getTime(), HOUR); t < w.until.getTime(); t += HOUR) {
    const hour = new Date(t).toISOString();
    points.set(hour, { hour, submitted: 0, completed: 0, failed: 0 });
  }
  const wait: Histogram = new Map();
  const run: Histogram = new Map();
  let submitted = 0;
  const counts = { completed: 0, failed: 0, cancelled: 0 };
  for (const r of created) {
    submitted += Number(r.n);
    mergeHistogram(wait, r.hist);
    const p = points.get(hourKey(r.period_start));
    if (p) p.submitted += Number(r.n);
  }
  for (const r of ended) {
    counts.completed += Number(r.completed);
    counts.failed += Number(r.failed);
    counts.cancelled += Number(r.cancelled);
    mergeHistogram(run, r.hist);
    const p = points.get(hourKey(r.period_start));
    if (p) {
      p.completed += Number(r.completed);
      p.failed += Number(r.failed);
    }
  }
  return { submitted, ...counts, wait: pct(wait), run: pct(run), throughput: [...points.values()] };
}

export interface StageTiming extends Percentiles {
  stage: string;
  count: number;
}

/** How long each pipeline stage took, from the stage_completed events written in the window. */
export async function stageTimings(w: Window): Promise<StageTiming[]> {
  const by = new Map<string, { count: number; hist: Histogram }>();
  for (const r of await statRows('stage', w)) {
    const s = by.get(r.key) ?? { count: 0, hist: new Map() };
    s.count += Number(r.n);
    mergeHistogram(s.hist, r.hist);
    by.set(r.key, s);
  }
  return [...by.entries()]
    .filter(([, s]) => s.count > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([stage, s]) => ({ stage, count: s.count, ...pct(s.hist) }));
}

export interface FailureReason {
  code: string;
  count: number;
  /** A recent message with this code (from the latest period that has one). */
  example: string | null;
}

export async function topFailures(w: Window, limit = 10): Promise<FailureReason[]> {
  const by = new Map<string, FailureReason>();
  // Rows come oldest period first: a later period's example replaces an earlier one.
  for (const r of await statRows('code', w)) {
    const f = by.get(r.key) ?? { code: r.key, count: 0, example: null };
    f.count += Number(r.n);
    if (r.example !== null && Number(r.n) > 0) f.example = r.example;
    by.set(r.key, f);
  }
  return [...by.values()]
    .filter((f) => f.count > 0)
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1))
    .slice(0, limit);
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
  const by = new Map<string, UsageRow>();
  for (const r of await statRows('model', w)) {
    const day = r.period_start.toISOString().slice(0, 10);
    const u = by.get(`${day} ${r.key}`) ?? { day, model: r.key, tasks: 0, tokens: 0, cost_usd: 0 };
    u.tasks += Number(r.n);
    u.tokens += Number(r.tokens);
    u.cost_usd += r.cost_usd;
    by.set(`${day} ${r.key}`, u);
  }
  return [...by.entries()]
    .filter(([, u]) => u.tasks > 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, u]) => u);
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
    SELECT t.key AS user_id, u.email, t.tasks, t.tokens, t.cost FROM (
      SELECT key, sum(n)::bigint AS tasks, sum(tokens)::bigint AS tokens, sum(cost_usd) AS cost
      FROM (${rowsSql('user', w)}) x GROUP BY key HAVING sum(n) > 0
      ORDER BY tokens DESC, tasks DESC LIMIT ${limit}) t
    JOIN users u ON u.id = t.key::uuid ORDER BY t.tokens DESC, t.tasks DESC`;
  return rows.map((r) => ({
    user_id: r.user_id,
    email: r.email,
    tasks: Number(r.tasks),
    tokens: Number(r.tokens),
    cost_usd: r.cost,
  }));
}
