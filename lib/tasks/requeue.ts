// Gives a task back to the queue under a NEW job (worker shutdown, or a lost worker found by
// maintenance): the old job, if it ever comes back, no longer matches job_id and is skipped.
import { randomUUID } from 'node:crypto';
import { getDb } from '../db/client';
import { JOB_SCHEDULING, type JobSchedulingRow, NOTIFY_QUEUED, newJob, sendRunJob } from './enqueue';
import { messagesFor } from './status-messages';

/** `runId` null means "whatever run holds it" (maintenance, after its worker died). */
export async function requeue(taskId: string, runId: string | null, reason: string): Promise<boolean> {
  const jobId = randomUUID();
  return getDb().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<JobSchedulingRow[]>`
      WITH t AS (
        UPDATE script_tasks SET status = 'pending', run_id = NULL, worker_id = NULL, job_id = ${jobId}::uuid,
          attempts = attempts + 1, updated_at = now(),
          message = CASE WHEN options->>'language' = 'en' THEN ${messagesFor('en').requeued} ELSE ${messagesFor('zh').requeued} END
        WHERE id = ${taskId} AND status = 'processing' AND (${runId}::uuid IS NULL OR run_id = ${runId}::uuid)
        RETURNING id, priority, urgent, user_id),
      e AS (INSERT INTO task_events (task_id, kind, data) SELECT id, 'requeued', ${JSON.stringify({ reason })}::jsonb FROM t)
      SELECT ${JOB_SCHEDULING} FROM t, LATERAL (SELECT ${NOTIFY_QUEUED}) n`;
    const row = rows[0];
    if (!row) return false;
    await sendRunJob(tx, newJob(taskId, jobId, row));
    return true;
  });
}
