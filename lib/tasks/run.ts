// The worker's side of a task: claim a run, report progress, and end it. Every write is one
// guarded statement that checks the run's fencing token (run_id) and status, so a stale worker —
// one whose job was taken over after a missed heartbeat — can never overwrite a newer state.
import { randomUUID } from 'node:crypto';
import { fromPrisma } from 'pg-boss';
import { getDb } from '../db/client';
import type { ScriptResult } from '../pipeline/schema';
import { getBoss } from '../queue/boss';
import { queues } from '../queue/registry';
import { messagesFor } from './messages';
import { CHANNELS } from './notify';
import { type TaskError, TaskOptions } from './schema';

export interface Run {
  taskId: string;
  runId: string;
  jobId: string;
  attempts: number;
  title: string;
  options: TaskOptions;
  content: string;
}

export type StartOutcome = { kind: 'run'; run: Run } | { kind: 'skip'; reason: string };

interface LockedTask {
  status: string;
  job_id: string | null;
  cancel_requested: boolean;
  attempts: number;
  options: unknown;
  title: string;
}

/** pending (or processing, when a lost worker's job comes back) → processing under a new run. */
export async function startRun(taskId: string, jobId: string, workerId: string): Promise<StartOutcome> {
  const db = getDb();
  const runId = randomUUID();
  const outcome = await db.$transaction(async (tx) => {
    const [task] = await tx.$queryRaw<LockedTask[]>`
      SELECT status::text, job_id::text, cancel_requested_at IS NOT NULL AS cancel_requested, attempts, options, title
      FROM script_tasks WHERE id = ${taskId} FOR UPDATE`;
    if (!task) return { kind: 'skip', reason: 'task not found' } as const;
    if (task.job_id !== jobId) return { kind: 'skip', reason: 'job superseded by a newer attempt' } as const;
    if (task.status !== 'pending' && task.status !== 'processing') {
      return { kind: 'skip', reason: `task already ${task.status}` } as const;
    }
    const options = TaskOptions.parse(task.options);
    const msgs = messagesFor(options.language);
    if (task.cancel_requested) {
      await tx.$executeRaw`
        WITH t AS (UPDATE script_tasks SET status = 'cancelled', message = ${msgs.cancelled}, run_id = NULL,
                     finished_at = now(), updated_at = now() WHERE id = ${taskId} RETURNING id)
        INSERT INTO task_events (task_id, kind, data) SELECT id, 'cancelled', '{"before_start":true}' FROM t`;
      await tx.$executeRaw`SELECT pg_notify(${CHANNELS.taskChanged}, ${taskId})`;
      return { kind: 'skip', reason: 'cancelled before start' } as const;
    }
    const takeover = task.status === 'processing';
    const attempts = takeover ? task.attempts + 1 : task.attempts;
    await tx.$executeRaw`
      UPDATE script_tasks SET status = 'processing', run_id = ${runId}::uuid, worker_id = ${workerId},
        attempts = ${attempts}, progress = 0, stage = NULL, message = ${msgs.started},
        started_at = now(), finished_at = NULL, updated_at = now(),
        error_code = NULL, error_message = NULL, error_retryable = NULL
      WHERE id = ${taskId}`;
    await tx.$executeRaw`
      INSERT INTO task_events (task_id, kind, data)
      VALUES (${taskId}, 'started', ${JSON.stringify({ attempt: attempts, worker: workerId, takeover })}::jsonb)`;
    await tx.$executeRaw`SELECT pg_notify(${CHANNELS.taskChanged}, ${taskId})`;
    return { kind: 'run', attempts, options, title: task.title } as const;
  });
  if (outcome.kind === 'skip') return outcome;
  const input = await db.taskInput.findUnique({ where: { taskId }, select: { content: true } });
  if (!input) {
    await failRun(
      { taskId, runId },
      { code: 'input_missing', message: 'The novel text of this task was deleted (retention).', retryable: false },
    );
    return { kind: 'skip', reason: 'input missing' };
  }
  return {
    kind: 'run',
    run: {
      taskId,
      runId,
      jobId,
      attempts: outcome.attempts,
      title: outcome.title,
      options: outcome.options,
      content: input.content,
    },
  };
}

export interface RunRef {
  taskId: string;
  runId: string;
}

export interface ProgressEvent {
  kind: 'stage_started' | 'stage_completed';
  data: Record<string, unknown>;
}

/** Returns null when the run no longer owns the task (stop now), else whether a cancel is pending. */
export async function writeProgress(
  ref: RunRef,
  progress: number,
  stage: string | null,
  message: string,
  events: ProgressEvent[] = [],
): Promise<{ cancelRequested: boolean } | null> {
  const rows = await getDb().$queryRaw<{ cancel: boolean }[]>`
    WITH t AS (
      UPDATE script_tasks SET progress = GREATEST(progress, ${Math.min(99, Math.max(0, Math.floor(progress)))}),
        stage = ${stage}, message = ${message}, updated_at = now()
      WHERE id = ${ref.taskId} AND run_id = ${ref.runId}::uuid AND status = 'processing'
      RETURNING id, cancel_requested_at IS NOT NULL AS cancel),
    e AS (
      INSERT INTO task_events (task_id, kind, data)
      SELECT t.id, ev->>'kind', ev->'data' FROM t, jsonb_array_elements(${JSON.stringify(events)}::jsonb) ev)
    SELECT t.cancel FROM t, LATERAL (SELECT pg_notify(${CHANNELS.taskChanged}, t.id)) n`;
  const row = rows[0];
  return row ? { cancelRequested: row.cancel } : null;
}

async function endRun(
  ref: RunRef,
  status: 'completed' | 'failed' | 'cancelled',
  fields: { message: string; result?: ScriptResult; error?: TaskError; eventData: Record<string, unknown> },
): Promise<boolean> {
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    WITH t AS (
      UPDATE script_tasks SET status = ${status}::task_status, message = ${fields.message},
        progress = CASE WHEN ${status} = 'completed' THEN 100 ELSE progress END,
        stage = CASE WHEN ${status} = 'completed' THEN NULL ELSE stage END,
        result = ${fields.result ? JSON.stringify(fields.result) : null}::jsonb,
        error_code = ${fields.error?.code ?? null}, error_message = ${fields.error?.message ?? null},
        error_retryable = ${fields.error?.retryable ?? null},
        finished_at = now(), updated_at = now()
      WHERE id = ${ref.taskId} AND run_id = ${ref.runId}::uuid AND status = 'processing'
      RETURNING id),
    e AS (INSERT INTO task_events (task_id, kind, data) SELECT id, ${status}, ${JSON.stringify(fields.eventData)}::jsonb FROM t)
    SELECT t.id FROM t, LATERAL (SELECT pg_notify(${CHANNELS.taskChanged}, t.id)) n`;
  return rows.length === 1;
}

export function completeRun(ref: RunRef, result: ScriptResult, language: TaskOptions['language']): Promise<boolean> {
  return endRun(ref, 'completed', {
    message: messagesFor(language).completed,
    result,
    eventData: { engine: result.engine, episodes: result.episodes.length, usage: result.usage },
  });
}

export function failRun(ref: RunRef, error: TaskError, language?: TaskOptions['language']): Promise<boolean> {
  return endRun(ref, 'failed', {
    message: `${messagesFor(language).failed}: ${error.message}`,
    error,
    eventData: { ...error },
  });
}

export function cancelRun(ref: RunRef, language?: TaskOptions['language']): Promise<boolean> {
  return endRun(ref, 'cancelled', { message: messagesFor(language).cancelled, eventData: { during_run: true } });
}

/** A retryable failure with retries left: back to pending; pg-boss redelivers the same job later. */
export async function markRetrying(
  ref: RunRef,
  error: TaskError,
  delaySeconds: number,
  language?: TaskOptions['language'],
) {
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    WITH t AS (
      UPDATE script_tasks SET status = 'pending', run_id = NULL, worker_id = NULL, attempts = attempts + 1,
        message = ${messagesFor(language).retrying(delaySeconds)}, updated_at = now()
      WHERE id = ${ref.taskId} AND run_id = ${ref.runId}::uuid AND status = 'processing'
      RETURNING id),
    e AS (INSERT INTO task_events (task_id, kind, data)
          SELECT id, 'retried', ${JSON.stringify({ automatic: true, delay_seconds: delaySeconds, reason: error })}::jsonb FROM t)
    SELECT t.id FROM t, LATERAL (SELECT pg_notify(${CHANNELS.taskChanged}, t.id)) n`;
  return rows.length === 1;
}

/**
 * Gives a task back to the queue under a NEW job (worker shutdown, lost worker found by
 * maintenance): the old job, if it ever comes back, no longer matches job_id and is skipped.
 * `runId` null means "whatever run holds it" (maintenance, after its worker died).
 */
export async function requeue(taskId: string, runId: string | null, reason: string): Promise<boolean> {
  const boss = await getBoss();
  const db = getDb();
  const jobId = randomUUID();
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; priority: number; options: unknown }[]>`
      UPDATE script_tasks SET status = 'pending', run_id = NULL, worker_id = NULL, job_id = ${jobId}::uuid,
        attempts = attempts + 1, updated_at = now(),
        message = CASE WHEN options->>'language' = 'en' THEN ${messagesFor('en').requeued} ELSE ${messagesFor('zh').requeued} END
      WHERE id = ${taskId} AND status = 'processing' AND (${runId}::uuid IS NULL OR run_id = ${runId}::uuid)
      RETURNING id, priority, options`;
    const row = rows[0];
    if (!row) return false;
    await tx.$executeRaw`INSERT INTO task_events (task_id, kind, data) VALUES (${taskId}, 'requeued', ${JSON.stringify({ reason })}::jsonb)`;
    await boss.send(
      queues.generateScript.name,
      { task_id: taskId },
      { id: jobId, priority: row.priority, db: fromPrisma(tx) },
    );
    await tx.$executeRaw`SELECT pg_notify(${CHANNELS.jobsReady}, ''), pg_notify(${CHANNELS.taskChanged}, ${taskId})`;
    return true;
  });
}
