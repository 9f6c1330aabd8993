// Periodic upkeep, run by the worker on a pg-boss schedule (any one worker at a time):
// no task is left waiting or running without a job that can still finish it, and old inputs,
// results and checkpoints are deleted after TASK_RETENTION_DAYS.
import { getDb } from '../db/client';
import { env } from '../env';
import { CHANNELS } from '../live/channels';
import { messagesFor } from './status-messages';

export interface MaintenanceReport {
  orphansFailed: number;
  inputsDeleted: number;
  resultsCleared: number;
  workersForgotten: number;
}

/**
 * A task whose job is gone, or failed for good (e.g. its worker was killed on the last allowed
 * attempt), would otherwise stay pending/processing forever: fail it with the reason.
 */
export async function failOrphans(graceSeconds = env.ORPHAN_GRACE_SECONDS): Promise<number> {
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    WITH orphans AS (
      SELECT t.id, j.state::text AS job_state, t.options->>'language' AS language
      FROM script_tasks t LEFT JOIN pgboss.job j ON j.id = t.job_id AND j.name = 'generate-script'
      WHERE t.status IN ('pending', 'processing') AND t.updated_at < now() - make_interval(secs => ${graceSeconds})
        AND (j.id IS NULL OR j.state IN ('completed', 'failed', 'cancelled'))
      FOR UPDATE OF t SKIP LOCKED),
    t AS (
      UPDATE script_tasks s SET status = 'failed', run_id = NULL, finished_at = now(), updated_at = now(),
        error_code = 'worker_lost', error_retryable = true,
        error_message = 'The worker running this task stopped and its automatic retries ran out. Re-run the task to continue from its last checkpoint.',
        message = CASE WHEN o.language = 'en' THEN ${messagesFor('en').failed} ELSE ${messagesFor('zh').failed} END
      FROM orphans o WHERE s.id = o.id RETURNING s.id, o.job_state),
    e AS (INSERT INTO task_events (task_id, kind, data)
          SELECT id, 'failed', jsonb_build_object('code', 'worker_lost', 'job_state', job_state) FROM t)
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

export async function runMaintenance(): Promise<MaintenanceReport> {
  const orphansFailed = await failOrphans();
  const { inputs, results } = await applyRetention();
  const workersForgotten = await getDb()
    .$executeRaw`DELETE FROM workers WHERE heartbeat_at < now() - interval '1 hour'`;
  return { orphansFailed, inputsDeleted: inputs, resultsCleared: results, workersForgotten };
}
