// The typed Shortplay client: createClient() for explicit instances, plus the seed's standalone
// functions bound to a default client that configureClient() replaces.
import { CreateTaskBody, TaskInfo, TaskList, type TaskStatus } from '../tasks/schema';
import { type BatchCalls, batchCalls } from './batches';
import { DEFAULT_RETRY, type HttpConfig, type RetryOptions, request } from './http';
import { postSubmit, type SubmitFields } from './submit';
import { type WaitOptions, waitForTask } from './wait';

export interface ClientOptions {
  /** Origin of the API, e.g. 'http://localhost:3000'. '' (default) = same origin, browsers only. */
  baseUrl?: string;
  /** Bearer token (Node, scripts). Browsers use the session cookie instead. */
  token?: string;
  /** A fetch implementation (default: the global fetch, looked up at call time). */
  fetch?: typeof fetch;
  retry?: RetryOptions;
}

/** Task options as sent: `language` may be any accepted BCP 47 tag (zh-CN, en-US …). */
export type SubmitOptions = SubmitFields;

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListTasksParams extends CallOptions {
  status?: TaskStatus;
  q?: string;
  limit?: number;
  cursor?: string;
}

export interface ShortplayClient extends BatchCalls {
  submitScriptGenerationTask(novelContent: string, options?: SubmitOptions): Promise<TaskInfo>;
  queryTaskStatus(taskId: string, opts?: CallOptions): Promise<TaskInfo>;
  /**
   * Resolves with the completed task; calls onProgress on every distinct update. Rejects with
   * TaskFailedError / TaskCancelledError / TimeoutError, or the signal's reason when aborted.
   */
  waitForTaskCompletion(taskId: string, onProgress?: (task: TaskInfo) => void, opts?: WaitOptions): Promise<TaskInfo>;
  cancelTask(taskId: string, opts?: CallOptions): Promise<TaskInfo>;
  retryTask(taskId: string, opts?: CallOptions): Promise<TaskInfo>;
  /** Admins only: a waiting task starts before everyone's normal tasks (or no longer does). */
  setTaskUrgent(taskId: string, urgent: boolean, opts?: CallOptions): Promise<TaskInfo>;
  listTasks(params?: ListTasksParams): Promise<TaskList>;
}

export function createClient(options: ClientOptions = {}): ShortplayClient {
  const custom = options.fetch;
  const cfg: HttpConfig = {
    baseUrl: options.baseUrl ?? '',
    // Calling the global fetch as a method of another object throws "Illegal invocation" in browsers.
    fetch: custom ?? ((input, init) => globalThis.fetch(input, init)),
    retry: { ...DEFAULT_RETRY, ...definedOnly(options.retry) },
  };
  if (options.token) cfg.token = options.token;
  const taskPath = (id: string, action = '') => `/api/tasks/${encodeURIComponent(id)}${action}`;

  const queryTaskStatus = (taskId: string, opts: CallOptions = {}) =>
    request(cfg, { method: 'GET', path: taskPath(taskId), schema: TaskInfo, signal: opts.signal });

  return {
    ...batchCalls(cfg, newIdempotencyKey),

    async submitScriptGenerationTask(novelContent, submit = {}) {
      const route = { path: '/api/tasks', what: 'task', bodySchema: CreateTaskBody, schema: TaskInfo };
      return postSubmit(cfg, newIdempotencyKey, route, { novel_content: novelContent }, submit);
    },

    queryTaskStatus,

    waitForTaskCompletion(taskId, onProgress, opts) {
      return waitForTask(cfg, (id, signal) => queryTaskStatus(id, { signal }), taskId, onProgress, opts);
    },

    cancelTask(taskId, opts = {}) {
      // Cancelling twice is harmless, so every transient failure may be retried.
      return request(cfg, { method: 'POST', path: taskPath(taskId, '/cancel'), schema: TaskInfo, signal: opts.signal });
    },

    retryTask(taskId, opts = {}) {
      // Not idempotent (a lost response + resend would 409), so only retry when the server refused.
      return request(cfg, {
        method: 'POST',
        path: taskPath(taskId, '/retry'),
        schema: TaskInfo,
        signal: opts.signal,
        retry: 'refused',
      });
    },

    setTaskUrgent(taskId, urgent, opts = {}) {
      return request(cfg, {
        method: 'POST',
        path: taskPath(taskId, '/priority'),
        body: { urgent },
        schema: TaskInfo,
        signal: opts.signal,
      });
    },

    listTasks(params = {}) {
      const { signal, status, q, limit, cursor } = params;
      return request(cfg, {
        method: 'GET',
        path: '/api/tasks',
        query: { status, q, limit, cursor },
        schema: TaskList,
        signal,
      });
    },
  };
}

function definedOnly(retry: RetryOptions | undefined): RetryOptions {
  const out: RetryOptions = {};
  if (retry?.retries !== undefined) out.retries = retry.retries;
  if (retry?.baseDelayMs !== undefined) out.baseDelayMs = retry.baseDelayMs;
  if (retry?.maxDelayMs !== undefined) out.maxDelayMs = retry.maxDelayMs;
  return out;
}

/** crypto.randomUUID, which browsers only offer in secure contexts; random hex otherwise. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (typeof c?.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---- The default client and the seed's standalone functions ----

let defaultClient: ShortplayClient = createClient();

/** Replaces the client the standalone functions use (e.g. baseUrl and token in Node scripts). */
export function configureClient(options: ClientOptions = {}): ShortplayClient {
  defaultClient = createClient(options);
  return defaultClient;
}

export const submitScriptGenerationTask: ShortplayClient['submitScriptGenerationTask'] = (novelContent, options) =>
  defaultClient.submitScriptGenerationTask(novelContent, options);
export const queryTaskStatus: ShortplayClient['queryTaskStatus'] = (taskId, opts) =>
  defaultClient.queryTaskStatus(taskId, opts);
export const waitForTaskCompletion: ShortplayClient['waitForTaskCompletion'] = (taskId, onProgress, opts) =>
  defaultClient.waitForTaskCompletion(taskId, onProgress, opts);
export const cancelTask: ShortplayClient['cancelTask'] = (taskId, opts) => defaultClient.cancelTask(taskId, opts);
export const retryTask: ShortplayClient['retryTask'] = (taskId, opts) => defaultClient.retryTask(taskId, opts);
export const listTasks: ShortplayClient['listTasks'] = (params) => defaultClient.listTasks(params);
export const submitBatch: ShortplayClient['submitBatch'] = (novels, options) =>
  defaultClient.submitBatch(novels, options);
export const waitForBatch: ShortplayClient['waitForBatch'] = (batchId, onProgress, opts) =>
  defaultClient.waitForBatch(batchId, onProgress, opts);
export const cancelBatch: ShortplayClient['cancelBatch'] = (batchId, opts) => defaultClient.cancelBatch(batchId, opts);
export const retryBatch: ShortplayClient['retryBatch'] = (batchId, opts) => defaultClient.retryBatch(batchId, opts);
export const setTaskUrgent: ShortplayClient['setTaskUrgent'] = (taskId, urgent, opts) =>
  defaultClient.setTaskUrgent(taskId, urgent, opts);
