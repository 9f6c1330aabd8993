// Reads of batches: one batch with its counts, progress and tasks, and a page of batches. Another
// user's batch is a 404 like a missing one (an admin sees everyone's), as for tasks.
import { getDb } from '../db/client';
import { notFound, unprocessable } from '../errors';
import { type Actor, ownedBy } from './actor';
import { BATCH_ID_PATTERN, type BatchInfo, type BatchList, type BatchStatus } from './batch-schema';
import { taskInfoSelect, toTaskInfo } from './present';
import { TASK_STATUSES, type TaskStatus } from './schema';

interface SummaryRow extends Record<TaskStatus, number> {
  id: string;
  title: string;
  created_at: Date;
  total: number;
  progress_sum: number;
}

async function summaries(ids: string[]): Promise<Map<string, BatchInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await getDb().$queryRaw<SummaryRow[]>`
    SELECT b.id, b.title, b.created_at, count(t.id)::int AS total,
           count(*) FILTER (WHERE t.status = 'pending')::int AS pending,
           count(*) FILTER (WHERE t.status = 'processing')::int AS processing,
           count(*) FILTER (WHERE t.status = 'completed')::int AS completed,
           count(*) FILTER (WHERE t.status = 'failed')::int AS failed,
           count(*) FILTER (WHERE t.status = 'cancelled')::int AS cancelled,
           COALESCE(sum(CASE WHEN t.status IN ('completed', 'failed', 'cancelled') THEN 100 ELSE t.progress END), 0)::int AS progress_sum
    FROM task_batches b LEFT JOIN script_tasks t ON t.batch_id = b.id
    WHERE b.id = ANY(${ids}::text[]) GROUP BY b.id`;
  return new Map(rows.map((r) => [r.id, toBatchInfo(r)]));
}

export function batchStatus(c: Record<TaskStatus, number>, total: number): BatchStatus {
  if (c.processing > 0) return 'processing';
  if (c.pending > 0) return c.completed + c.failed + c.cancelled > 0 ? 'processing' : 'pending';
  if (c.completed === total) return 'completed';
  if (c.completed > 0) return 'completed_with_errors';
  return c.failed > 0 ? 'failed' : 'cancelled';
}

function toBatchInfo(r: SummaryRow): BatchInfo {
  const counts = Object.fromEntries(TASK_STATUSES.map((s) => [s, r[s]])) as Record<TaskStatus, number>;
  return {
    batch_id: r.id,
    title: r.title,
    created_at: r.created_at.toISOString(),
    status: batchStatus(counts, r.total),
    total: r.total,
    counts,
    progress: r.total ? Math.floor(r.progress_sum / r.total) : 0,
  };
}

/** 404 unless the actor may see the batch. */
export async function assertBatchVisible(actor: Actor, batchId: string): Promise<void> {
  if (!BATCH_ID_PATTERN.test(batchId)) throw notFound('Batch');
  const row = await getDb().taskBatch.findFirst({ where: { id: batchId, ...ownedBy(actor) }, select: { id: true } });
  if (!row) throw notFound('Batch');
}

/** The batch with its tasks (oldest first, without results). */
export async function getBatch(actor: Actor, batchId: string): Promise<BatchInfo> {
  await assertBatchVisible(actor, batchId);
  return readBatchForViewers(batchId) as Promise<BatchInfo>;
}

/** No ownership check: for the SSE fan-out, whose viewers passed getBatch when they subscribed. */
export async function readBatchForViewers(batchId: string): Promise<BatchInfo | null> {
  const [summary, tasks] = await Promise.all([
    summaries([batchId]),
    getDb().task.findMany({ where: { batchId }, select: taskInfoSelect, orderBy: { id: 'asc' } }),
  ]);
  const info = summary.get(batchId);
  return info ? { ...info, tasks: tasks.map(toTaskInfo) } : null;
}

/** The ids of a batch's tasks (the SSE stream follows them). */
export async function batchTaskIds(batchId: string): Promise<string[]> {
  const rows = await getDb().task.findMany({ where: { batchId }, select: { id: true }, orderBy: { id: 'asc' } });
  return rows.map((r) => r.id);
}

export async function listBatches(
  actor: Actor,
  filters: { limit?: string | null; cursor?: string | null },
): Promise<BatchList> {
  const limit = filters.limit ? Number(filters.limit) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw unprocessable('validation_error', 'limit must be an integer from 1 to 100.', 'limit');
  }
  if (filters.cursor && !BATCH_ID_PATTERN.test(filters.cursor)) {
    throw unprocessable('validation_error', 'cursor is not valid.', 'cursor');
  }
  const rows = await getDb().taskBatch.findMany({
    where: { ...ownedBy(actor), ...(filters.cursor ? { id: { lt: filters.cursor } } : {}) },
    select: { id: true },
    orderBy: { id: 'desc' },
    take: limit + 1,
  });
  const page = rows.slice(0, limit).map((r) => r.id);
  const byId = await summaries(page);
  return {
    batches: page.map((id) => byId.get(id)).filter((b): b is BatchInfo => b !== undefined),
    next_cursor: rows.length > limit ? (page.at(-1) ?? null) : null,
  };
}
