// Wire shapes of the batch API (POST/GET /api/batches…): shared by route handlers and the typed client.
import { z } from 'zod';
import { storable } from '../storable-text';
import { TaskInfo, TaskOptions, TaskStatus } from './schema';

/** `batch_` + a ULID, like task ids. */
export const BATCH_ID_PATTERN = /^batch_[0-9A-HJKMNP-TV-Z]{26}$/;
export const MAX_BATCH_TASKS = 100;

export const BatchTaskInput = z
  .object({ novel_content: z.string(), title: storable(z.string().trim().min(1).max(200)).optional() })
  .strict();

export const CreateBatchBody = z
  .object({
    tasks: z.array(BatchTaskInput).min(1).max(MAX_BATCH_TASKS),
    title: storable(z.string().trim().min(1).max(200)).optional(),
    options: TaskOptions.optional(),
    priority: z.number().int().min(0).max(10).optional(),
  })
  .strict();
export type CreateBatchBody = z.infer<typeof CreateBatchBody>;

export const BatchCreated = z.object({ batch_id: z.string(), task_ids: z.array(z.string()) });
export type BatchCreated = z.infer<typeof BatchCreated>;

export const BatchCounts = z.object(
  Object.fromEntries(TaskStatus.options.map((s) => [s, z.number().int().nonnegative()])) as Record<
    TaskStatus,
    z.ZodNumber
  >,
);
export type BatchCounts = z.infer<typeof BatchCounts>;

/** Derived from the tasks: waiting or running while any task is; else how they ended. */
export const BatchStatus = z.enum([
  'pending',
  'processing',
  'completed',
  'completed_with_errors',
  'failed',
  'cancelled',
]);
export type BatchStatus = z.infer<typeof BatchStatus>;

export const BatchInfo = z.object({
  batch_id: z.string(),
  title: z.string(),
  created_at: z.string(),
  status: BatchStatus,
  total: z.number().int().nonnegative(),
  counts: BatchCounts,
  /** 0–100: the mean of the tasks' progress, an ended task counting as 100. */
  progress: z.number().int().min(0).max(100),
  /** The batch's tasks (GET /api/batches/{id} and its events only). */
  tasks: z.array(TaskInfo).optional(),
});
export type BatchInfo = z.infer<typeof BatchInfo>;

export const BatchList = z.object({ batches: z.array(BatchInfo), next_cursor: z.string().nullable() });
export type BatchList = z.infer<typeof BatchList>;
