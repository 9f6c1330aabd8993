// Public entry of the typed Shortplay client (browser and Node).
export type { TaskError, TaskInfo, TaskList, TaskOptions, TaskOptionsInput, TaskStatus } from '../tasks/schema';
export {
  type CallOptions,
  type ClientOptions,
  cancelTask,
  configureClient,
  createClient,
  type ListTasksParams,
  listTasks,
  newIdempotencyKey,
  queryTaskStatus,
  retryTask,
  type ShortplayClient,
  type SubmitOptions,
  submitScriptGenerationTask,
  waitForTaskCompletion,
} from './client';
export * from './errors';
export type { RetryOptions } from './http';
export { readEventStream, type SseMessage, SseParser } from './sse';
export type { Transport, WaitOptions } from './wait';
