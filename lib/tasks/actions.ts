// The user's side of a task's lifecycle: cancel and retry. Each is a guarded transition in one
// transaction with its event and NOTIFY; a state that does not allow it answers 409.
import { randomUUID } from 'node:crypto';
import { fromPrisma } from 'pg-boss';
import { getDb } from '../db/client';
import { conflict, notFound } from '../errors';
import { CHANNELS } from '../live/channels';
import { getBoss } from '../queue/boss';
import { queues } from '../queue/registry';
import { type Actor, ownedBy } from './actor';
import { messagesFor } from './messages';
import { taskInfoSelect, toTaskInfo } from './present';
import { type TaskInfo, TaskOptions } from './schema';

async function loadOwned(actor: Actor, taskId: string) {
  const task = await getDb().task.findFirst({
    where: { id: taskId, ...ownedBy(actor) },
    select: { id: true, status: true, options: true, jobId: true },
  });
  if (!task) throw notFound();
  return { ...task, language: TaskOptions.safeParse(task.options).data?.language };
}

async function reload(taskId: string): Promise<TaskInfo> {
  const row = await getDb().task.findUniqueOrThrow({
    where: { id: taskId },
    select: { ...taskInfoSelect, result: true },
  });
  return toTaskInfo(row);
}

/** pending → cancelled at once; processing → cancel requested, the worker aborts within a second. */
export async function requestCancel(actor: Actor, taskId: string): Promise<TaskInfo> {
  const task = await loadOwned(actor, taskId);
  const msgs = messagesFor(task.language);
  const db = getDb();
  const done = await db.$transaction(async (tx) => {
    const pending = await tx.$executeRaw`
      UPDATE script_tasks SET status = 'cancelled', cancel_requested_at = now(), finished_at = now(),
        updated_at = now(), message = ${msgs.cancelled}
      WHERE id = ${taskId} AND status = 'pending'`;
    if (pending === 1) {
      await tx.$executeRaw`INSERT INTO task_events (task_id, kind, data) VALUES (${taskId}, 'cancelled', '{"before_start":true}')`;
      await tx.$executeRaw`SELECT pg_notify(${CHANNELS.taskChanged}, ${taskId})`;
      return 'cancelled';
    }
    const running = await tx.$executeRaw`
      UPDATE script_tasks SET cancel_requested_at = COALESCE(cancel_requested_at, now()), updated_at = now(),
        message = ${msgs.cancelRequested}
      WHERE id = ${taskId} AND status = 'processing'`;
    if (running === 1) {
      await tx.$executeRaw`INSERT INTO task_events (task_id, kind, data) VALUES (${taskId}, 'cancel_requested', '{}')`;
      await tx.$executeRaw`SELECT pg_notify(${CHANNELS.taskCancel}, ${taskId}), pg_notify(${CHANNELS.taskChanged}, ${taskId})`;
      return 'requested';
    }
    return 'terminal';
  });
  if (done === 'terminal') {
    const now = await reload(taskId);
    throw conflict(
      'task_not_cancellable',
      `The task is already ${now.status}; only waiting or running tasks can be cancelled.`,
    );
  }
  if (done === 'cancelled' && task.jobId) {
    // The job would be skipped at start anyway; cancelling it just keeps the queue tidy.
    const boss = await getBoss();
    await boss.cancel(queues.generateScript.name, task.jobId).catch(() => undefined);
  }
  return reload(taskId);
}

/** failed | cancelled → pending, same task id, attempts + 1, a new job; history and checkpoints kept. */
export async function retryTask(actor: Actor, taskId: string): Promise<TaskInfo> {
  const task = await loadOwned(actor, taskId);
  const boss = await getBoss();
  const jobId = randomUUID();
  const msgs = messagesFor(task.language);
  const ok = await getDb().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ priority: number; previous: string }[]>`
      UPDATE script_tasks s SET status = 'pending', attempts = s.attempts + 1, progress = 0, stage = NULL,
        message = ${msgs.retried}, result = NULL, error_code = NULL, error_message = NULL, error_retryable = NULL,
        cancel_requested_at = NULL, started_at = NULL, finished_at = NULL, run_id = NULL, worker_id = NULL,
        job_id = ${jobId}::uuid, updated_at = now()
      FROM (SELECT id, status::text AS previous FROM script_tasks WHERE id = ${taskId} FOR UPDATE) p
      WHERE s.id = p.id AND s.status IN ('failed', 'cancelled')
      RETURNING s.priority, p.previous`;
    const row = rows[0];
    if (!row) return false;
    await tx.$executeRaw`
      INSERT INTO task_events (task_id, kind, data)
      VALUES (${taskId}, 'retried', ${JSON.stringify({ automatic: false, from: row.previous, by: actor.id })}::jsonb)`;
    await boss.send(
      queues.generateScript.name,
      { task_id: taskId },
      { id: jobId, priority: row.priority, db: fromPrisma(tx) },
    );
    await tx.$executeRaw`SELECT pg_notify(${CHANNELS.jobsReady}, ''), pg_notify(${CHANNELS.taskChanged}, ${taskId})`;
    return true;
  });
  if (!ok) {
    const now = await reload(taskId);
    throw conflict('task_not_retryable', `The task is ${now.status}; only failed or cancelled tasks can be re-run.`);
  }
  return reload(taskId);
}
