// Row → TaskInfo, the seed's wire shape (snake_case), for the API, SSE and the client.
import { Prisma, type Task } from '../generated/prisma/client';
import type { ScriptResult } from '../pipeline/schema';
import { isoDuration } from './estimate';
import { type TaskInfo, TaskOptions } from './schema';

/** Columns a TaskInfo needs; the result only where it is shown. */
export const taskInfoSelect = {
  id: true,
  title: true,
  status: true,
  progress: true,
  stage: true,
  message: true,
  options: true,
  novelContentLength: true,
  priority: true,
  attempts: true,
  errorCode: true,
  errorMessage: true,
  errorRetryable: true,
  estimatedTime: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  updatedAt: true,
  cancelRequestedAt: true,
  urgent: true,
  batchId: true,
} as const;

/** The same columns for raw SQL (`SELECT ${taskInfoColumns} FROM t`), aliased to the field names. */
export const taskInfoColumns = Prisma.raw(
  [
    'id',
    'title',
    'status::text AS status',
    'progress',
    'stage',
    'message',
    'options',
    'novel_content_length AS "novelContentLength"',
    'priority',
    'attempts',
    'error_code AS "errorCode"',
    'error_message AS "errorMessage"',
    'error_retryable AS "errorRetryable"',
    'estimated_time AS "estimatedTime"',
    'created_at AS "createdAt"',
    'started_at AS "startedAt"',
    'finished_at AS "finishedAt"',
    'updated_at AS "updatedAt"',
    'cancel_requested_at AS "cancelRequestedAt"',
    'urgent',
    'batch_id AS "batchId"',
  ].join(', '),
);

export type TaskInfoRow = Pick<Task, keyof typeof taskInfoSelect> & { result?: Task['result'] };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toTaskInfo(row: TaskInfoRow): TaskInfo {
  const options = TaskOptions.safeParse(row.options);
  const info: TaskInfo = {
    task_id: row.id,
    status: row.status,
    progress: row.progress,
    message: row.message,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    stage: row.stage,
    title: row.title,
    error:
      row.errorCode !== null
        ? { code: row.errorCode, message: row.errorMessage ?? '', retryable: row.errorRetryable ?? false }
        : null,
    started_at: iso(row.startedAt),
    finished_at: iso(row.finishedAt),
    attempts: row.attempts,
    priority: row.priority,
    options: options.success ? options.data : {},
    novel_content_length: row.novelContentLength,
    cancel_requested: row.cancelRequestedAt !== null,
    urgent: row.urgent,
    batch_id: row.batchId,
  };
  if (row.estimatedTime !== null) {
    info.estimated_time = isoDuration(row.estimatedTime);
    info.estimated_seconds = row.estimatedTime;
  }
  if (row.status === 'completed' && row.result) info.result = row.result as unknown as ScriptResult;
  return info;
}
