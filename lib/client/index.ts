// Public entry of the typed Shortplay client (browser and Node).
export type { BatchCreated, BatchInfo, BatchList, BatchStatus } from '../tasks/batch-schema';
export type { TaskError, TaskInfo, TaskList, TaskOptions, TaskOptionsInput, TaskStatus } from '../tasks/schema';
export type { BatchNovel, BatchSubmitOptions, BatchWaitOptions } from './batches';
export {
  type CallOptions,
  type ClientOptions,
  cancelBatch,
  cancelTask,
  configureClient,
  createClient,
  type ListTasksParams,
  listTasks,
  newIdempotencyKey,
  queryTaskStatus,
  retryBatch,
  retryTask,
  type ShortplayClient,
  type SubmitOptions,
  setTaskUrgent,
  submitBatch,
  submitScriptGenerationTask,
  waitForBatch,
  waitForTaskCompletion,
} from './client';
export * from './errors';
export type { RetryOptions } from './http';
export { readEventStream, type SseMessage, SseParser } from './sse';
export type { Transport, WaitOptions } from './wait';
