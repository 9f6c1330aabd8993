// The worker's claim (docs/decisions/0100): which waiting generate-script jobs start next. pg-boss's
// own fetch takes jobs in priority-then-age order across everyone, so one user's backlog would hold
// every other user's task behind it. This claim instead serves users in weighted round robin
// (stride scheduling over a virtual clock), caps one user's running jobs across all workers, puts
// urgent jobs first, and orders each user's own jobs by their priority. It then marks the chosen
// jobs active exactly as pg-boss's fetch does, so heartbeats, expiry, retries and settling stay
// pg-boss's. Claims are serialised by a transaction-level advisory lock: the running counts and
// the fair-share clock are read and advanced by one claimer at a time.
import { getDb } from '../db/client';
import { env } from '../env';
import { Prisma } from '../generated/prisma/client';
import { queues } from './registry';

const QUEUE = queues.generateScript.name;
/** Any bigint unique to this lock; pg_advisory_xact_lock keys are database-wide. */
const CLAIM_LOCK_KEY = 7_100_100_001n;

/** A job priority at or above this marks an urgent task: it starts before everyone's normal tasks. */
export const URGENT_PRIORITY = 1000;

/** pg-boss job priority of a task: the user's own 0–10 priority, or urgent. */
export const jobPriority = (userPriority: number, urgent: boolean): number =>
  urgent ? URGENT_PRIORITY + userPriority : userPriority;

/** What a pg-boss group carries for our jobs: the owner's id and tier. */
export interface JobGroup {
  userId: string;
  tier: 'standard' | 'vip';
}

export const jobGroup = (g: JobGroup) => ({ id: g.userId, tier: g.tier });

export interface FairConfig {
  /** Tasks a user of this tier starts per round-robin turn. */
  weights: Record<JobGroup['tier'], number>;
  /** Running jobs one user may hold across all workers. */
  maxRunningPerUser: number;
}

export const fairConfigFromEnv = (): FairConfig => ({
  weights: { standard: env.FAIR_WEIGHT_STANDARD, vip: env.FAIR_WEIGHT_VIP },
  maxRunningPerUser: env.MAX_RUNNING_PER_USER,
});

/** A claimed job: the fields the worker runs, heartbeats and settles it with. */
export interface ClaimedJob {
  id: string;
  name: string;
  data: unknown;
  retryCount: number;
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  retryDelayMax: number | null;
  priority: number;
  groupId: string | null;
}

/**
 * Up to `limit` jobs, marked active. Order: urgent first (oldest first); then the user whose next
 * task has the smallest virtual time — a user's k-th waiting task sits at max(pass, clock) +
 * (k − 1) × stride, stride = scale / weight — and within one user, that user's priority, then age. A user at the running
 * cap is skipped. Jobs without a group (queued before this scheduler) count as one user.
 */
export async function claimJobs(limit: number, cfg: FairConfig = fairConfigFromEnv()): Promise<ClaimedJob[]> {
  if (limit < 1) return [];
  const db = getDb();
  const [, rows] = await db.$transaction([
    db.$executeRaw`SELECT pg_advisory_xact_lock(${CLAIM_LOCK_KEY})`,
    db.$queryRaw<ClaimedJob[]>(claimStatement(limit, cfg)),
  ]);
  return rows;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Virtual time advances by `scale / weight` per started task, with scale the least common multiple
 * of the weights: every step is a whole number, so a VIP's three steps land exactly on a standard
 * user's one (floating-point thirds would drift and break ties the wrong way).
 */
export function strides(weights: FairConfig['weights']): { scale: number; byTier: Record<string, number> } {
  const scale = Object.values(weights).reduce((a, w) => (a * w) / gcd(a, w), 1);
  return { scale, byTier: Object.fromEntries(Object.entries(weights).map(([t, w]) => [t, scale / w])) };
}

function claimStatement(limit: number, cfg: FairConfig): Prisma.Sql {
  const { scale, byTier } = strides(cfg.weights);
  return Prisma.sql`
    WITH clock AS (SELECT COALESCE(max(last_key), 0)::float8 AS v FROM fair_shares),
    running AS (
      SELECT group_id AS g, count(*)::int AS n FROM pgboss.job
      WHERE name = ${QUEUE} AND state = 'active' AND group_id IS NOT NULL GROUP BY group_id),
    waiting AS (
      SELECT j.id, COALESCE(j.group_id, '') AS g, j.priority, j.created_on, j.priority >= ${URGENT_PRIORITY} AS urgent,
             COALESCE((${JSON.stringify(byTier)}::jsonb ->> j.group_tier)::float8, ${scale}::float8) AS s
      FROM pgboss.job j
      WHERE j.name = ${QUEUE} AND j.state < 'active' AND NOT j.blocked AND j.start_after <= pgboss.job_now()),
    ranked AS (
      SELECT wt.*,
             row_number() OVER (PARTITION BY wt.g ORDER BY wt.priority DESC, wt.created_on) AS rn,
             count(*) FILTER (WHERE wt.urgent) OVER (PARTITION BY wt.g) AS n_urgent,
             min(wt.s) OVER (PARTITION BY wt.g) AS stride
      FROM waiting wt),
    keyed AS (
      SELECT r.id, r.g, r.urgent, r.created_on, r.stride,
             GREATEST(COALESCE(f.pass, 0), c.v) + GREATEST(r.rn - r.n_urgent - 1, 0) * r.stride AS key
      FROM ranked r CROSS JOIN clock c
      LEFT JOIN fair_shares f ON f.user_key = r.g
      LEFT JOIN running a ON a.g = r.g
      WHERE r.g = '' OR COALESCE(a.n, 0) + r.rn <= ${cfg.maxRunningPerUser}),
    picked AS (SELECT * FROM keyed ORDER BY urgent DESC, key, created_on LIMIT ${limit}),
    claimed AS (
      UPDATE pgboss.job j SET state = 'active', started_on = pgboss.job_now(), heartbeat_on = pgboss.job_now(),
        retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END
      FROM picked p
      WHERE j.name = ${QUEUE} AND j.id = p.id AND j.state < 'active'
      RETURNING j.id, j.name, j.data, j.retry_count, j.retry_limit, j.retry_delay, j.retry_backoff,
                j.retry_delay_max, j.priority, j.group_id, p.g, p.urgent, p.key, p.stride, p.created_on),
    shares AS (
      INSERT INTO fair_shares (user_key, pass, last_key, updated_at)
      SELECT g, max(key) + min(stride), max(key), now() FROM claimed WHERE NOT urgent AND g <> '' GROUP BY g
      ON CONFLICT (user_key) DO UPDATE SET pass = EXCLUDED.pass, last_key = EXCLUDED.last_key, updated_at = now())
    SELECT id::text, name, data, retry_count AS "retryCount", retry_limit AS "retryLimit",
           retry_delay AS "retryDelay", retry_backoff AS "retryBackoff", retry_delay_max AS "retryDelayMax",
           priority, group_id AS "groupId"
    FROM claimed ORDER BY urgent DESC, key, created_on`;
}
