// The tasks' side of the worker's periodic upkeep (jobs/maintenance.ts): no task is left waiting
// or running without a job that can still finish it, and old inputs, results and checkpoints are
// deleted after TASK_RETENTION_DAYS.
import { getDb } from '../db/client';
import { env } from '../env';
import { Prisma } from '../generated/prisma/client';
import { CHANNELS } from '../live/channels';
import { taskOutbox } from '../notify/outbox';
import { jobsThatWillNotRun } from '../queue/jobs';
import { messagesFor } from './status-messages';

const BATCH = 500;

/**
 * A task whose job is gone, or ended for good (e.g. its worker was killed on the last allowed
 * attempt), would otherwise stay pending/processing forever: fail it with the reason.
 */
export async function failOrphans(graceSeconds = env.ORPHAN_GRACE_SECONDS): Promise<number> {
  const db = getDb();
  const quiet = await db.$queryRaw<{ id: string; job_id: string | null }[]>`
    SELECT id, job_id::text FROM script_tasks
    WHERE status IN ('pending', 'processing') AND updated_at < now() - make_interval(secs => ${graceSeconds})
    ORDER BY updated_at LIMIT ${BATCH}`;
  if (quiet.length === 0) return 0;
  const dead = await jobsThatWillNotRun(quiet.flatMap((t) => (t.job_id ? [t.job_id] : [])));
  const orphans = quiet
    .filter((t) => t.job_id === null || dead.has(t.job_id))
    .map((t) => ({ id: t.id, job_id: t.job_id, job_state: t.job_id ? (dead.get(t.job_id) ?? null) : null }));
  if (orphans.length === 0) return 0;
  // The same checks again, under the row lock: a task that moved on meanwhile (progress, a new
  // job after a re-run) is left alone.
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH o AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(orphans)}::jsonb) AS o(id text, job_id uuid, job_state text)),
    t AS (
      UPDATE script_tasks s SET status = 'failed', run_id = NULL, finished_at = now(), updated_at = now(),
        error_code = 'worker_lost', error_retryable = true,
        error_message = 'The worker running this task stopped and its automatic retries ran out. Re-run the task to continue from its last checkpoint.',
        message = CASE WHEN s.options->>'language' = 'en' THEN ${messagesFor('en').failed} ELSE ${messagesFor('zh').failed} END
      FROM o WHERE s.id = o.id AND s.job_id IS NOT DISTINCT FROM o.job_id AND s.status IN ('pending', 'processing')
        AND s.updated_at < now() - make_interval(secs => ${graceSeconds})
      RETURNING s.id, s.user_id, s.status, o.job_state),
    e AS (INSERT INTO task_events (task_id, kind, data)
          SELECT id, 'failed', jsonb_build_object('code', 'worker_lost', 'job_state', job_state) FROM t),
    nb AS (${taskOutbox(Prisma.sql`SELECT id AS task_id, user_id, status FROM t`)})
    SELECT t.id FROM t, LATERAL (SELECT pg_notify(${CHANNELS.taskChanged}, t.id)) n`;
  return rows.length;
}

export async function applyRetention(days = env.TASK_RETENTION_DAYS): Promise<{ inputs: number; results: number }> {
  const db = getDb();
  const inputs = await db.$executeRaw`
    DELETE FROM task_inputs i USING script_tasks t
    WHERE t.id = i.task_id AND t.status IN ('completed', 'failed', 'cancelled')
      AND t.finished_at < now() - make_interval(days => ${days})`;
  await db.$executeRaw`
    DELETE FROM task_checkpoints c USING script_tasks t
    WHERE t.id = c.task_id AND t.status IN ('completed', 'failed', 'cancelled')
      AND t.finished_at < now() - make_interval(days => ${days})`;
  const results = await db.$executeRaw`
    UPDATE script_tasks SET result = NULL
    WHERE result IS NOT NULL AND finished_at < now() - make_interval(days => ${days})`;
  return { inputs, results };
}
