// The user's side of a task's lifecycle: cancel and retry. Each is a guarded transition that
// writes its event and NOTIFYs with it; a state that does not allow it answers 409.
import { randomUUID } from 'node:crypto';
import { getDb } from '../db/client';
import { env } from '../env';
import { conflict, notFound } from '../errors';
import { Prisma } from '../generated/prisma/client';
import { takeHit } from '../limits/hits';
import { CHANNELS } from '../live/channels';
import { taskOutbox } from '../notify/outbox';
import { getBoss } from '../queue/boss';
import { queues } from '../queue/registry';
import { type Actor, ownedBy } from './actor';
import { activeLimitFor, limitError, submitCounts } from './create';
import { JOB_SCHEDULING, type JobSchedulingRow, NOTIFY_QUEUED, newJob, sendRunJob } from './enqueue';
import { taskInfoSelect, toTaskInfo } from './present';
import { TASK_ID_PATTERN, type TaskInfo, TaskOptions, type TaskStatus } from './schema';
import { messagesFor } from './status-messages';

async function loadOwned(actor: Actor, taskId: string) {
  if (!TASK_ID_PATTERN.test(taskId)) throw notFound();
  const task = await getDb().task.findFirst({
    where: { id: taskId, ...ownedBy(actor) },
    select: { id: true, status: true, options: true, jobId: true, userId: true, user: { select: { tier: true } } },
  });
  if (!task) throw notFound();
  return { ...task, language: TaskOptions.safeParse(task.options).data?.language };
}

/** The task after a transition that left it waiting or cancelled: never a result to load. */
async function reload(taskId: string): Promise<TaskInfo> {
  return toTaskInfo(await getDb().task.findUniqueOrThrow({ where: { id: taskId }, select: taskInfoSelect }));
}

async function statusOf(taskId: string): Promise<TaskStatus> {
  return (await getDb().task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true } })).status;
}

/** pending → cancelled at once; processing → cancel requested, the worker aborts within a second. */
/** Each user's cancels and re-runs per minute, each with its own limit (429 with Retry-After). */
function countAction(kind: 'cancel' | 'retry', actor: Actor): Promise<void> {
  const max = kind === 'cancel' ? env.CANCEL_RATE_PER_MINUTE : env.RETRY_RATE_PER_MINUTE;
  const what = kind === 'cancel' ? 'cancels' : 're-runs';
  return takeHit(kind, actor.id, { max, windowSeconds: 60 }, 'rate_limited', (s) => {
    return `More than ${max} ${what} in a minute; try again in ${s} s.`;
  });
}

export async function requestCancel(actor: Actor, taskId: string): Promise<TaskInfo> {
  const task = await loadOwned(actor, taskId);
  await countAction('cancel', actor);
  const msgs = messagesFor(task.language);
  // One statement: a waiting task is cancelled, a running one is asked to stop (its worker hears
  // task_cancel). For a waiting task both NOTIFYs are task_changed with one payload, which
  // Postgres delivers once.
  const rows = await getDb().$queryRaw<{ was: 'pending' | 'processing' }[]>`
    WITH p AS (SELECT id, status::text AS was FROM script_tasks WHERE id = ${taskId} FOR UPDATE),
    t AS (
      UPDATE script_tasks s SET
        status = CASE WHEN p.was = 'pending' THEN 'cancelled'::task_status ELSE s.status END,
        finished_at = CASE WHEN p.was = 'pending' THEN now() ELSE s.finished_at END,
        message = CASE WHEN p.was = 'pending' THEN ${msgs.cancelled} ELSE ${msgs.cancelRequested} END,
        cancel_requested_at = COALESCE(s.cancel_requested_at, now()), updated_at = now()
      FROM p WHERE s.id = p.id AND p.was IN ('pending', 'processing')
      RETURNING s.id, s.user_id, s.status, p.was),
    o AS (${taskOutbox(Prisma.sql`SELECT id AS task_id, user_id, status FROM t WHERE was = 'pending'`)}),
    e AS (
      INSERT INTO task_events (task_id, kind, data)
      SELECT id, CASE WHEN was = 'pending' THEN 'cancelled' ELSE 'cancel_requested' END,
             CASE WHEN was = 'pending' THEN '{"before_start":true}'::jsonb ELSE '{}'::jsonb END FROM t)
    SELECT t.was FROM t, LATERAL (
      SELECT pg_notify(${CHANNELS.taskChanged}, t.id),
             pg_notify(CASE WHEN t.was = 'processing' THEN ${CHANNELS.taskCancel} ELSE ${CHANNELS.taskChanged} END, t.id)) n`;
  const was = rows[0]?.was;
  if (!was) {
    throw conflict(
      'task_not_cancellable',
      `The task is already ${await statusOf(taskId)}; only waiting or running tasks can be cancelled.`,
    );
  }
  if (was === 'pending' && task.jobId) {
    // The job would be skipped at start anyway; cancelling it just keeps the queue tidy.
    const boss = await getBoss();
    await boss.cancel(queues.generateScript.name, task.jobId).catch(() => undefined);
  }
  return reload(taskId);
}

/** failed | cancelled → pending, same task id, attempts + 1, a new job; history and checkpoints kept. */
export async function retryTask(actor: Actor, taskId: string): Promise<TaskInfo> {
  const task = await loadOwned(actor, taskId);
  await countAction('retry', actor);
  const jobId = randomUUID();
  const msgs = messagesFor(task.language);
  const limit = activeLimitFor(task.user.tier);
  const ok = await getDb().$transaction(async (tx) => {
    // A re-run makes a task active again: the owner's active-task limit holds as for a submit,
    // under the same per-user lock, so submits and re-runs cannot race past it together.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${task.userId}))`;
    const counts = await submitCounts(tx, task.userId);
    if (counts.active >= limit && (task.status === 'failed' || task.status === 'cancelled')) {
      throw limitError(counts, limit);
    }
    const rows = await tx.$queryRaw<JobSchedulingRow[]>`
      WITH t AS (
        UPDATE script_tasks s SET status = 'pending', attempts = s.attempts + 1, progress = 0, stage = NULL,
          message = ${msgs.retried}, result = NULL, error_code = NULL, error_message = NULL, error_retryable = NULL,
          cancel_requested_at = NULL, started_at = NULL, finished_at = NULL, run_id = NULL, worker_id = NULL,
          job_id = ${jobId}::uuid, updated_at = now()
        FROM (SELECT id, status::text AS previous FROM script_tasks WHERE id = ${taskId} FOR UPDATE) p
        WHERE s.id = p.id AND s.status IN ('failed', 'cancelled')
        RETURNING s.id, s.priority, s.urgent, s.user_id, p.previous),
      e AS (INSERT INTO task_events (task_id, kind, data)
            SELECT id, 'retried', jsonb_build_object('automatic', false, 'from', previous, 'by', ${actor.id}::text) FROM t)
      SELECT ${JOB_SCHEDULING} FROM t, LATERAL (SELECT ${NOTIFY_QUEUED}) n`;
    const row = rows[0];
    if (!row) return false;
    await sendRunJob(tx, newJob(taskId, jobId, row));
    return true;
  });
  if (!ok) {
    throw conflict(
      'task_not_retryable',
      `The task is ${await statusOf(taskId)}; only failed or cancelled tasks can be re-run.`,
    );
  }
  return reload(taskId);
}
