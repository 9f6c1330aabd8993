// Reads of pg-boss's own tables (pgboss.*), for health and maintenance. Writes go through the
// pg-boss API; only reads that its API does not offer in bulk are SQL, and only here.
import { getDb } from '../db/client';
import { queues } from './registry';

const QUEUE = queues.generateScript.name;

/** Jobs waiting (created or waiting to retry) and running, counted now. */
export async function jobCounts(): Promise<{ name: string; queued: number; active: number }> {
  const [row] = await getDb().$queryRaw<{ queued: number; active: number }[]>`
    SELECT count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS queued,
           count(*) FILTER (WHERE state = 'active')::int AS active
    FROM pgboss.job WHERE name = ${QUEUE}`;
  return { name: QUEUE, queued: row?.queued ?? 0, active: row?.active ?? 0 };
}

/** States pg-boss will not move a job out of: it will never run (again). */
export const ENDED_JOB_STATES = ['completed', 'failed', 'cancelled'] as const;

/**
 * Of these generate-script jobs, the ones that will never run again: ended (→ their state) or
 * gone from pg-boss's table (→ null, deleted after its retention).
 */
export async function jobsThatWillNotRun(jobIds: readonly string[]): Promise<Map<string, string | null>> {
  if (jobIds.length === 0) return new Map();
  const rows = await getDb().$queryRaw<{ id: string; state: string }[]>`
    SELECT id::text, state::text FROM pgboss.job WHERE name = ${QUEUE} AND id = ANY(${jobIds}::uuid[])`;
  const found = new Map(rows.map((r) => [r.id, r.state]));
  const out = new Map<string, string | null>();
  for (const id of jobIds) {
    const state = found.get(id);
    if (state === undefined) out.set(id, null);
    else if ((ENDED_JOB_STATES as readonly string[]).includes(state)) out.set(id, state);
  }
  return out;
}

/** Whether pg-boss's schema and our queue exist (readiness: migrations ran, the queue answers). */
export async function queueExists(): Promise<boolean> {
  const rows = await getDb().$queryRaw<{ ok: number }[]>`SELECT 1 AS ok FROM pgboss.queue WHERE name = ${QUEUE}`;
  return rows.length === 1;
}
