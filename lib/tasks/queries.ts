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
export async function assertVisible(actor: Actor, taskId: string): Promise<void> {
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

export interface EventPage {
  events: TaskEventInfo[];
  /** Pass as `cursor` for the events after these; null on the last page. */
  next_cursor: string | null;
}

const EVENT_CURSOR = /^(\d{1,15})\.(\d{1,19})$/;

/** A task's history, oldest first, a page at a time (no event is ever cut off). */
export async function listEvents(
  actor: Actor,
  taskId: string,
  page: { cursor?: string | null; limit?: string | null } = {},
): Promise<EventPage> {
  const limit = page.limit ? Number(page.limit) : 500;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw unprocessable('validation_error', 'limit must be an integer from 1 to 1000.', 'limit');
  }
  const at = page.cursor ? EVENT_CURSOR.exec(page.cursor) : null;
  if (page.cursor && !at) throw unprocessable('validation_error', 'cursor is not valid.', 'cursor');
  await assertVisible(actor, taskId);
  const after: Prisma.TaskEventWhereInput = at
    ? {
        OR: [
          { createdAt: { gt: new Date(Number(at[1])) } },
          { createdAt: new Date(Number(at[1])), id: { gt: BigInt(at[2] as string) } },
        ],
      }
    : {};
  const rows = await eventRows({ taskId, ...after }, 'asc', limit + 1);
  const events = rows.slice(0, limit).map(toEventInfo);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return { events, next_cursor: last ? `${last.createdAt.getTime()}.${last.id}` : null };
}

// By when each thing happened: stage events are written coalesced, after the fact.
function eventRows(where: Prisma.TaskEventWhereInput, order: 'asc' | 'desc', take: number) {
  return getDb().taskEvent.findMany({ where, orderBy: [{ createdAt: order }, { id: order }], take });
}

const toEventInfo = (e: { id: bigint; kind: string; data: unknown; createdAt: Date }): TaskEventInfo => ({
  id: e.id.toString(),
  kind: e.kind as TaskEventInfo['kind'],
  data: (e.data ?? {}) as Record<string, unknown>,
  created_at: e.createdAt.toISOString(),
});

/** The task page's timeline: the newest 1,000 events, oldest first (the API pages through all). */
async function eventsOf(taskId: string): Promise<TaskEventInfo[]> {
  return (await eventRows({ taskId }, 'desc', 1000)).reverse().map(toEventInfo);
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
