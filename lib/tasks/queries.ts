// Reads for the API and the dashboard: one task, a page of tasks, a task's events.
import { getDb } from '../db/client';
import { notFound, unprocessable } from '../errors';
import type { Prisma } from '../generated/prisma/client';
import { type Actor, ownedBy } from './actor';
import { taskInfoSelect, toTaskInfo } from './present';
import { TASK_ID_PATTERN, type TaskEventInfo, type TaskInfo, type TaskList, TaskStatus } from './schema';

export async function getTaskInfo(actor: Actor, taskId: string): Promise<TaskInfo> {
  if (!TASK_ID_PATTERN.test(taskId)) throw notFound();
  const row = await getDb().task.findFirst({
    where: { id: taskId, ...ownedBy(actor) },
    select: { ...taskInfoSelect, result: true },
  });
  if (!row) throw notFound();
  return toTaskInfo(row);
}

export interface ListFilters {
  status?: string | null;
  q?: string | null;
  limit?: string | number | null;
  cursor?: string | null;
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
  if (filters.cursor) {
    if (!TASK_ID_PATTERN.test(filters.cursor))
      throw unprocessable('validation_error', 'cursor is not valid.', 'cursor');
    where.id = { lt: filters.cursor };
  }
  const q = filters.q?.trim();
  if (q) {
    if (q.length > 200) throw unprocessable('validation_error', 'q is longer than 200 characters.', 'q');
    where.OR = [{ title: { contains: q, mode: 'insensitive' } }, { id: q }];
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
  await getTaskInfo(actor, taskId);
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
