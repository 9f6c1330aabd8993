// Reads for the API and the dashboard: one task, a page of tasks, a task's events, the task page.
import { getDb } from '../db/client';
import { notFound, unprocessable } from '../errors';
import type { Prisma } from '../generated/prisma/client';
import type { PartialScriptEpisode } from '../pipeline/partial-script';
import { isStorable } from '../storable-text';
import { type Actor, ownedBy } from './actor';
import { BATCH_ID_PATTERN } from './batch-schema';
import { episodesSoFar } from './checkpoints';
import { taskInfoSelect, toTaskInfo } from './present';
import { isActive, TASK_ID_PATTERN, type TaskEventInfo, type TaskInfo, type TaskList, TaskStatus } from './schema';

/** The actor's task (an admin's: anyone's); another user's task is a 404 like a missing one. */
export async function getTaskInfo(actor: Actor, taskId: string): Promise<TaskInfo> {
  if (!TASK_ID_PATTERN.test(taskId)) throw notFound();
  const row = await getDb().task.findFirst({
    where: { id: taskId, ...ownedBy(actor) },
    select: { ...taskInfoSelect, result: true },
  });
  if (!row) throw notFound();
  return toTaskInfo(row);
}

/**
 * A task by id with no ownership check, or null: only for fanning a change out to viewers whose
 * access was checked when they subscribed (lib/live/task-stream.ts).
 */
export async function readTaskForViewers(taskId: string): Promise<TaskInfo | null> {
  const row = await getDb().task.findUnique({ where: { id: taskId }, select: { ...taskInfoSelect, result: true } });
  return row ? toTaskInfo(row) : null;
}

/** 404 unless the actor may see the task; reads nothing else. */
async function assertVisible(actor: Actor, taskId: string): Promise<void> {
  if (!TASK_ID_PATTERN.test(taskId)) throw notFound();
  const row = await getDb().task.findFirst({ where: { id: taskId, ...ownedBy(actor) }, select: { id: true } });
  if (!row) throw notFound();
}

export interface ListFilters {
  status?: string | null;
  q?: string | null;
  limit?: string | number | null;
  cursor?: string | null;
  /** Only the tasks of this batch. */
  batch?: string | null;
}

export async function listTasks(actor: Actor, filters: ListFilters): Promise<TaskList> {
  const limit =
    filters.limit === undefined || filters.limit === null || filters.limit === '' ? 20 : Number(filters.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw unprocessable('validation_error', 'limit must be an integer from 1 to 100.', 'limit');
  }
  const where: Prisma.TaskWhereInput = { ...ownedBy(actor) };
  if (filters.status) {
    const status = TaskStatus.safeParse(filters.status);
    if (!status.success) {
      throw unprocessable('validation_error', `status must be one of ${TaskStatus.options.join(', ')}.`, 'status');
    }
    where.status = status.data;
  }
  if (filters.batch) {
    if (!BATCH_ID_PATTERN.test(filters.batch)) {
      throw unprocessable('validation_error', 'batch is not a batch id.', 'batch');
    }
    where.batchId = filters.batch;
  }
  if (filters.cursor) {
    if (!TASK_ID_PATTERN.test(filters.cursor))
      throw unprocessable('validation_error', 'cursor is not valid.', 'cursor');
    where.id = { lt: filters.cursor };
  }
  const q = filters.q?.trim();
  if (q) {
    if ([...q].length > 200) throw unprocessable('validation_error', 'q is longer than 200 characters.', 'q');
    if (!isStorable(q)) {
      throw unprocessable('validation_error', 'q must not contain NUL characters or unpaired surrogates.', 'q');
    }
    // Prisma's `contains` is a LIKE: %, _ and the escape character itself match literally here.
    where.OR = [{ title: { contains: q.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' } }, { id: q }];
  }
  const rows = await getDb().task.findMany({ where, select: taskInfoSelect, orderBy: { id: 'desc' }, take: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    tasks: page.map(toTaskInfo),
    next_cursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

export async function countByStatus(actor: Actor): Promise<Record<TaskStatus, number>> {
  const groups = await getDb().task.groupBy({ by: ['status'], where: ownedBy(actor), _count: { _all: true } });
  const counts = Object.fromEntries(TaskStatus.options.map((s) => [s, 0])) as Record<TaskStatus, number>;
  for (const g of groups) counts[g.status] = g._count._all;
  return counts;
}

export async function listEvents(actor: Actor, taskId: string): Promise<TaskEventInfo[]> {
  await assertVisible(actor, taskId);
  return eventsOf(taskId);
}

async function eventsOf(taskId: string): Promise<TaskEventInfo[]> {
  // By when each thing happened: stage events are written coalesced, after the fact.
  const rows = await getDb().taskEvent.findMany({
    where: { taskId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 1000,
  });
  return rows.map((e) => ({
    id: e.id.toString(),
    kind: e.kind as TaskEventInfo['kind'],
    data: (e.data ?? {}) as Record<string, unknown>,
    created_at: e.createdAt.toISOString(),
  }));
}

/** The task owners' emails (an admin's list shows whose each task is). */
export async function ownerEmails(taskIds: string[]): Promise<Map<string, string>> {
  if (taskIds.length === 0) return new Map();
  const rows = await getDb().task.findMany({
    where: { id: { in: taskIds } },
    select: { id: true, user: { select: { email: true } } },
  });
  return new Map(rows.map((r) => [r.id, r.user.email]));
}

export interface TaskDetail {
  task: TaskInfo;
  events: TaskEventInfo[];
  /** The owner's email when an admin looks at someone else's task. */
  owner: string | null;
  /** The episodes written so far while the task runs; empty otherwise. */
  partial: PartialScriptEpisode[];
}

/** Everything the task page first renders: the row is read once, then events and the partial script. */
export async function getTaskDetail(actor: Actor, taskId: string): Promise<TaskDetail> {
  if (!TASK_ID_PATTERN.test(taskId)) throw notFound();
  const row = await getDb().task.findFirst({
    where: { id: taskId, ...ownedBy(actor) },
    select: { ...taskInfoSelect, result: true, userId: true, user: { select: { email: true } } },
  });
  if (!row) throw notFound();
  const task = toTaskInfo(row);
  const [events, partial] = await Promise.all([
    eventsOf(taskId),
    isActive(task.status) ? episodesSoFar(taskId) : Promise.resolve([]),
  ]);
  return { task, events, owner: row.userId !== actor.id ? row.user.email : null, partial };
}
