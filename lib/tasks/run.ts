// The worker's side of a task: claim a run, report progress, and end it. Every write is one
// guarded statement that checks the run's fencing token (run_id) and status, so a stale worker —
// one whose job was taken over after a missed heartbeat — can never overwrite a newer state.
import { randomUUID } from 'node:crypto';
import { fromPrisma } from 'pg-boss';
import { getDb } from '../db/client';
import { CHANNELS } from '../live/channels';
import type { ScriptResult } from '../pipeline/schema';
import { getBoss } from '../queue/boss';
import { queues } from '../queue/registry';
import { messagesFor } from './messages';
import { isActive, type TaskError, TaskOptions, type TaskStatus } from './schema';

export interface Run {
  taskId: string;
  runId: string;
  jobId: string;
  attempts: number;
  title: string;
  options: TaskOptions;
  content: string;
  /** Pieces earlier attempts finished (key → value), so this run can resume. */
  checkpoints: Record<string, unknown>;
}

export type StartOutcome = { kind: 'run'; run: Run } | { kind: 'skip'; reason: string };

interface ClaimedRow {
  attempts: number;
  options: unknown;
  title: string;
  content: string | null;
  checkpoints: Record<string, unknown> | null;
}

/**
 * pending (or processing, when a lost worker's job comes back) → processing under a new run, in
 * one statement that also records the event, notifies, and returns the input and checkpoints.
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
      RETURNING s.id, s.attempts, s.options, s.title, prev.status = 'processing' AS takeover),
    e AS (
      INSERT INTO task_events (task_id, kind, data)
      SELECT id, 'started', jsonb_build_object('attempt', attempts, 'worker', ${workerId}::text, 'takeover', takeover) FROM t)
    SELECT t.attempts, t.options, t.title, i.content,
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
      attempts: row.attempts,
      title: row.title,
      options,
      content: row.content,
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
                   finished_at = now(), updated_at = now() WHERE id = ${taskId} RETURNING id)
      INSERT INTO task_events (task_id, kind, data) SELECT id, 'cancelled', '{"before_start":true}' FROM t`;
    await tx.$executeRaw`SELECT pg_notify(${CHANNELS.taskChanged}, ${taskId})`;
    return 'cancelled before start';
  });
}

export interface RunRef {
  taskId: string;
  runId: string;
}

export interface ProgressEvent {
  kind: 'stage_started' | 'stage_completed';
  data: Record<string, unknown>;
  /** When it happened (ISO); progress is written coalesced, so this can be before the write. */
  at?: string;
}

export interface CheckpointWrite {
  key: string;
  value: unknown;
}

export interface ProgressWrite {
  progress: number;
  /** null keeps the current stage and message (a write that only carries checkpoints). */
  stage: string | null;
  message: string | null;
  /** Seconds of work left, as the engine estimates it; updates estimated_time when given. */
  remainingSeconds?: number | undefined;
  events?: ProgressEvent[];
  /** Checkpoints saved since the last write: stored only while this run owns the task. */
  checkpoints?: CheckpointWrite[];
}

/**
 * One statement: progress, stage events, checkpoints and a NOTIFY. Returns null when the run no
 * longer owns the task (stop now), else whether a cancel is pending.
 */
export async function writeProgress(ref: RunRef, w: ProgressWrite): Promise<{ cancelRequested: boolean } | null> {
  const progress = Math.min(99, Math.max(0, Math.floor(w.progress)));
  const remaining = w.remainingSeconds === undefined ? null : Math.max(0, Math.round(w.remainingSeconds));
  const rows = await getDb().$queryRaw<{ cancel: boolean }[]>`
    WITH t AS (
      UPDATE script_tasks SET progress = GREATEST(progress, ${progress}), stage = COALESCE(${w.stage}, stage), message = COALESCE(${w.message}, message),
        estimated_time = COALESCE(ceil(extract(epoch FROM now() - started_at))::int + ${remaining}::int, estimated_time),
        updated_at = now()
      WHERE id = ${ref.taskId} AND run_id = ${ref.runId}::uuid AND status = 'processing'
      RETURNING id, cancel_requested_at IS NOT NULL AS cancel),
    e AS (
      INSERT INTO task_events (task_id, kind, data, created_at)
      SELECT t.id, x.ev->>'kind', x.ev->'data', COALESCE((x.ev->>'at')::timestamptz, now())
      FROM t, jsonb_array_elements(${JSON.stringify(w.events ?? [])}::jsonb) WITH ORDINALITY AS x(ev, n) ORDER BY x.n),
    c AS (
      INSERT INTO task_checkpoints (task_id, key, value)
      SELECT t.id, cp->>'key', cp->'value' FROM t, jsonb_array_elements(${JSON.stringify(w.checkpoints ?? [])}::jsonb) cp
      ON CONFLICT (task_id, key) DO UPDATE SET value = EXCLUDED.value, created_at = now())
    SELECT t.cancel FROM t, LATERAL (SELECT pg_notify(${CHANNELS.taskChanged}, t.id)) n`;
  const row = rows[0];
  return row ? { cancelRequested: row.cancel } : null;
}

async function endRun(
  ref: RunRef,
  status: 'completed' | 'failed' | 'cancelled',
  fields: {
    message: string;
    result?: ScriptResult;
    error?: TaskError;
    eventData: Record<string, unknown>;
    /** Stage events not yet written, recorded before the final one. */
    events?: ProgressEvent[];
  },
): Promise<boolean> {
  const events = [...(fields.events ?? []), { kind: status, data: fields.eventData }];
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
    e AS (
      INSERT INTO task_events (task_id, kind, data, created_at)
      SELECT t.id, x.ev->>'kind', x.ev->'data', COALESCE((x.ev->>'at')::timestamptz, now())
      FROM t, jsonb_array_elements(${JSON.stringify(events)}::jsonb) WITH ORDINALITY AS x(ev, n) ORDER BY x.n)
    SELECT t.id FROM t, LATERAL (SELECT pg_notify(${CHANNELS.taskChanged}, t.id)) n`;
  return rows.length === 1;
}

export function completeRun(
  ref: RunRef,
  result: ScriptResult,
  language: TaskOptions['language'],
  events: ProgressEvent[] = [],
): Promise<boolean> {
  return endRun(ref, 'completed', {
    message: messagesFor(language).completed,
    result,
    events,
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
