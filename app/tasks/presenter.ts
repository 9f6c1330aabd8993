// The task list (/tasks) as it renders: status tabs with counts, the filters in force, one row per
// task (status, progress, model, created, duration; the owner's email for admins), the next cursor.

import { cleanText, sliceCodePoints } from '@/lib/storable-text';
import {
  type Actor,
  BATCH_ID_PATTERN,
  countByStatus,
  listTasks,
  ownerEmails,
  TASK_ID_PATTERN,
  TASK_STATUSES,
  type TaskInfo,
  TaskStatus,
} from '@/lib/tasks';
import { durationMs } from '@/lib/ui/duration';

export const PAGE_SIZE = 20;

export interface TaskListParams {
  status?: string | string[] | undefined;
  q?: string | string[] | undefined;
  cursor?: string | string[] | undefined;
  batch?: string | string[] | undefined;
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseListParams(params: TaskListParams) {
  const status = TaskStatus.safeParse(one(params.status));
  // The search box is content: cleaned and cut by code points, never refused.
  const q = sliceCodePoints(cleanText(one(params.q) ?? '').trim(), 200);
  const cursor = one(params.cursor);
  const batch = one(params.batch);
  return {
    batch: batch && BATCH_ID_PATTERN.test(batch) ? batch : null,
    status: status.success ? status.data : null,
    q,
    cursor: cursor && TASK_ID_PATTERN.test(cursor) ? cursor : null,
  };
}

export interface TaskRow {
  id: string;
  title: string;
  status: TaskStatus;
  progress: number;
  message: string;
  model: string | null;
  createdAt: string;
  startedAt: string | null;
  durationMs: number | null;
  owner: string | null;
  batchId: string | null;
}

export function toRow(task: TaskInfo, owner: string | null = null): TaskRow {
  return {
    id: task.task_id,
    title: task.title,
    status: task.status,
    progress: task.progress,
    message: task.message,
    model: task.options.model ?? null,
    createdAt: task.created_at,
    startedAt: task.started_at,
    durationMs: durationMs(task.started_at, task.finished_at),
    owner,
    batchId: task.batch_id,
  };
}

export async function presentTaskList(actor: Actor, params: TaskListParams) {
  const filters = parseListParams(params);
  const [page, counts] = await Promise.all([
    listTasks(actor, {
      status: filters.status,
      q: filters.q || null,
      batch: filters.batch,
      cursor: filters.cursor,
      limit: PAGE_SIZE,
    }),
    countByStatus(actor),
  ]);
  const owners = actor.role === 'admin' ? await ownerEmails(page.tasks.map((t) => t.task_id)) : new Map();
  const total = TASK_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  return {
    isAdmin: actor.role === 'admin',
    filters,
    tabs: [{ status: null, count: total }, ...TASK_STATUSES.map((status) => ({ status, count: counts[status] }))] as {
      status: TaskStatus | null;
      count: number;
    }[],
    rows: page.tasks.map((t) => toRow(t, owners.get(t.task_id) ?? null)),
    nextCursor: page.next_cursor,
    totalAll: total,
  };
}
export type TaskListView = Awaited<ReturnType<typeof presentTaskList>>;
