// The worker's claim (docs/decisions/0100): which waiting generate-script jobs start next. pg-boss's
// own fetch takes jobs in priority-then-age order across everyone, so one user's backlog would hold
// every other user's task behind it. This claim instead serves users in weighted round robin
// (stride scheduling over a virtual clock), caps one user's running jobs across all workers, puts
// urgent jobs first, and orders each user's own jobs by their priority. It then marks the chosen
// jobs active exactly as pg-boss's fetch does, so heartbeats, expiry, retries and settling stay
// pg-boss's. Claims are serialised by a transaction-level advisory lock: the running counts and
// the fair-share clock are read and advanced by one claimer at a time. The SQL is the function
// fair_claim (migration 20261202100000_fair_claim_owner_queue, docs/decisions/0103): it reads the
// users with waiting jobs from a queue of owners in fair order (fair_shares.queued, kept by
// triggers on pg-boss's job table), not every waiting user's queue head.
// It runs on pg-boss's own connection pool, as pg-boss's fetch does: through Prisma the same call
// cost a third more (docs/decisions/0102).
import type { PgBoss } from 'pg-boss';
import { env } from '../env';
import { getBoss } from './boss';
import { queues } from './registry';

const QUEUE = queues.generateScript.name;

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
 * Up to `limit` jobs, marked active. Order: urgent first (pg-boss's order: priority, then age);
 * then the user whose next task has the smallest virtual time — a user's k-th waiting task sits at
 * max(pass, clock) + (k − 1) × stride, stride = scale / weight; of equal times, the user served
 * least recently — and within one user, that user's priority, then age. A user at the running
 * cap is skipped. Jobs without a group (queued before this scheduler) count as one user.
 */
export async function claimJobs(
  limit: number,
  cfg: FairConfig = fairConfigFromEnv(),
  boss?: PgBoss,
): Promise<ClaimedJob[]> {
  if (limit < 1) return [];
  const { scale, byTier } = strides(cfg.weights);
  // One round trip: the function takes the claim lock, picks, marks active and advances the clock.
  const { rows } = await (boss ?? (await getBoss()))
    .getDb()
    .executeSql(CLAIM_SQL, [QUEUE, limit, JSON.stringify(byTier), scale, cfg.maxRunningPerUser, URGENT_PRIORITY]);
  return rows as ClaimedJob[];
}

const CLAIM_SQL = `
  SELECT id::text, name, data, retry_count AS "retryCount", retry_limit AS "retryLimit",
         retry_delay AS "retryDelay", retry_backoff AS "retryBackoff", retry_delay_max AS "retryDelayMax",
         priority, group_id AS "groupId"
  FROM fair_claim($1, $2::int, $3::jsonb, $4::float8, $5::int, $6::int)`;

/**
 * pg-boss's own fetch (priority, then age, across all users) returning what the fair claim does:
 * the strict-FIFO baseline that `npm run bench:fair` measures the fair claim against. Not for
 * production: it ignores fairness, the per-user cap and urgency's place before other users' tasks.
 */
export async function fetchFifo(boss: PgBoss, limit: number): Promise<ClaimedJob[]> {
  if (limit < 1) return [];
  const jobs = await boss.fetch(QUEUE, { batchSize: limit, includeMetadata: true });
  return jobs.map((j) => ({
    id: j.id,
    name: j.name,
    data: j.data,
    retryCount: j.retryCount,
    retryLimit: j.retryLimit,
    retryDelay: j.retryDelay,
    retryBackoff: j.retryBackoff,
    retryDelayMax: j.retryDelayMax ?? null,
    priority: j.priority,
    groupId: j.groupId ?? null,
  }));
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
