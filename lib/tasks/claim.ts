// Claiming a task for a run: pending (or processing, when a lost worker's job comes back) →
// processing under a new run id — the fencing token every later write of the run presents.
import { randomUUID } from 'node:crypto';
import { getDb } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import { CHANNELS } from '../live/channels';
import { taskOutbox } from '../notify/outbox';
import { failRun } from './run-end';
import { isActive, TaskOptions, type TaskStatus } from './schema';
import { messagesFor } from './status-messages';

/** A claimed run: the task's input, options and the checkpoints earlier attempts left. */
export interface ClaimedRun {
  taskId: string;
  runId: string;
  jobId: string;
  /** The task's owner (daily spending caps count against them). */
  userId: string;
  attempts: number;
  title: string;
  options: TaskOptions;
  content: string;
  /** Pieces earlier attempts finished (key → value), so this run can resume. */
  checkpoints: Record<string, unknown>;
  /** How long the task waited from submission to this start (ms). */
  waitMs: number;
}

export type StartOutcome = { kind: 'run'; run: ClaimedRun } | { kind: 'skip'; reason: string };

interface ClaimedRow {
  user_id: string;
  attempts: number;
  options: unknown;
  title: string;
  content: string | null;
  checkpoints: Record<string, unknown> | null;
  wait_ms: number;
}

/**
 * One statement that claims, records the `started` event, notifies, and returns the input and
 * checkpoints; a job that cannot start its task is skipped with the reason.
 */
export async function startRun(taskId: string, jobId: string, workerId: string): Promise<StartOutcome> {
  const runId = randomUUID();
  const rows = await getDb().$queryRaw<ClaimedRow[]>`
    WITH prev AS (
      SELECT id, status FROM script_tasks
      WHERE id = ${taskId} AND job_id = ${jobId}::uuid AND status IN ('pending', 'processing')
        AND cancel_requested_at IS NULL
      FOR UPDATE),
    t AS (
      UPDATE script_tasks s SET status = 'processing', run_id = ${runId}::uuid, worker_id = ${workerId},
        attempts = CASE WHEN prev.status = 'processing' THEN s.attempts + 1 ELSE s.attempts END,
        progress = 0, stage = NULL, started_at = now(), finished_at = NULL, updated_at = now(),
        message = CASE WHEN s.options->>'language' = 'en' THEN ${messagesFor('en').started} ELSE ${messagesFor('zh').started} END,
        error_code = NULL, error_message = NULL, error_retryable = NULL
      FROM prev WHERE s.id = prev.id
      RETURNING s.id, s.user_id, s.attempts, s.options, s.title, prev.status = 'processing' AS takeover,
        extract(epoch FROM s.started_at - s.created_at) * 1000 AS wait_ms),
    e AS (
      INSERT INTO task_events (task_id, kind, data)
      SELECT id, 'started', jsonb_build_object('attempt', attempts, 'worker', ${workerId}::text, 'takeover', takeover) FROM t)
    SELECT t.user_id, t.attempts, t.options, t.title, i.content, t.wait_ms::float8 AS wait_ms,
      (SELECT jsonb_object_agg(c.key, c.value) FROM task_checkpoints c WHERE c.task_id = t.id) AS checkpoints
    FROM t LEFT JOIN task_inputs i ON i.task_id = t.id
    CROSS JOIN LATERAL (SELECT pg_notify(${CHANNELS.taskChanged}, t.id)) n`;
  const row = rows[0];
  if (!row) return { kind: 'skip', reason: await whyNotStarted(taskId, jobId) };
  const options = TaskOptions.parse(row.options);
  if (row.content === null) {
    await failRun(
      { taskId, runId },
      { code: 'input_missing', message: 'The novel text of this task was deleted (retention).', retryable: false },
      options.language,
    );
    return { kind: 'skip', reason: 'input missing' };
  }
  return {
    kind: 'run',
    run: {
      taskId,
      runId,
      jobId,
      userId: row.user_id,
      attempts: row.attempts,
      title: row.title,
      options,
      content: row.content,
      waitMs: row.wait_ms,
      checkpoints: row.checkpoints ?? {},
    },
  };
}

/** The rare path: say why a job could not start its task, and finish a cancel requested meanwhile. */
async function whyNotStarted(taskId: string, jobId: string): Promise<string> {
  return getDb().$transaction(async (tx) => {
    const [task] = await tx.$queryRaw<
      { status: TaskStatus; job_id: string | null; cancel_requested: boolean; options: unknown }[]
    >`
      SELECT status::text, job_id::text, cancel_requested_at IS NOT NULL AS cancel_requested, options
      FROM script_tasks WHERE id = ${taskId} FOR UPDATE`;
    if (!task) return 'task not found';
    if (task.job_id !== jobId) return 'job superseded by a newer attempt';
    if (!isActive(task.status)) return `task already ${task.status}`;
    if (!task.cancel_requested) return 'task changed while starting';
    const msgs = messagesFor(TaskOptions.safeParse(task.options).data?.language);
    await tx.$executeRaw`
      WITH t AS (UPDATE script_tasks SET status = 'cancelled', message = ${msgs.cancelled}, run_id = NULL,
                   finished_at = now(), updated_at = now() WHERE id = ${taskId} RETURNING id, user_id, status),
      o AS (${taskOutbox(Prisma.sql`SELECT id AS task_id, user_id, status FROM t`)})
      INSERT INTO task_events (task_id, kind, data) SELECT id, 'cancelled', '{"before_start":true}' FROM t`;
    await tx.$executeRaw`SELECT pg_notify(${CHANNELS.taskChanged}, ${taskId})`;
    return 'cancelled before start';
  });
}
