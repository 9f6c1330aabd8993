// waitForTaskCompletion: follow a task to its end over SSE (fetch streaming), reconnecting when the
// stream drops, or by polling when the server or the runtime cannot stream.
import { abortReason } from '../retry/backoff';
import { isTerminal, TaskInfo } from '../tasks/schema';
import {
  InvalidResponseError,
  NetworkError,
  RateLimitedError,
  ServiceUnavailableError,
  ShortplayError,
  TaskCancelledError,
  TaskFailedError,
  TimeoutError,
} from './errors';
import {
  backoffDelay,
  buildHeaders,
  buildUrl,
  describeIssues,
  discard,
  errorFromResponse,
  type HttpConfig,
  sleep,
} from './http';
import { canStream, readEventStream } from './sse';

export type Transport = 'auto' | 'sse' | 'poll';

export interface WaitOptions {
  /** Aborting rejects with the signal's reason (an AbortError by default) and stops all requests. */
  signal?: AbortSignal;
  /** Reject with TimeoutError after this long (the task keeps running on the server). */
  timeoutMs?: number;
  /** Polling period when polling (default 1000 ms). */
  pollIntervalMs?: number;
  /** 'auto' (default): SSE, falling back to polling when the stream cannot be opened. */
  transport?: Transport;
  /** Treat an SSE stream silent for this long (no event, no heartbeat) as dropped (default 45 s). */
  idleTimeoutMs?: number;
}

type Outcome =
  | { kind: 'terminal'; task: TaskInfo }
  | { kind: 'dropped'; received: boolean }
  | { kind: 'unavailable'; error: ShortplayError; retryable: boolean; retryAfterMs?: number };

const RETRYABLE_OPEN_STATUSES = [408, 429, 502, 503, 504];

export async function waitForTask(
  cfg: HttpConfig,
  getTask: (taskId: string, signal: AbortSignal) => Promise<TaskInfo>,
  taskId: string,
  onProgress: ((task: TaskInfo) => void) | undefined,
  opts: WaitOptions = {},
): Promise<TaskInfo> {
  const external = opts.signal;
  if (external?.aborted) throw abortReason(external);
  const ctl = new AbortController();
  const signal = ctl.signal;
  const onAbort = () => ctl.abort(abortReason(external!));
  external?.addEventListener('abort', onAbort, { once: true });
  const timer =
    opts.timeoutMs === undefined
      ? undefined
      : setTimeout(
          () =>
            ctl.abort(
              new TimeoutError(`Task ${taskId} did not finish within ${opts.timeoutMs} ms`, { code: 'timeout' }),
            ),
          opts.timeoutMs,
        );

  let lastKey = '';
  /** Reports distinct updates; returns the task when it is terminal. */
  const see = (task: TaskInfo): TaskInfo | undefined => {
    const key = `${task.status}\u0000${task.progress}\u0000${task.message}\u0000${task.updated_at}`;
    if (key !== lastKey) {
      lastKey = key;
      onProgress?.(task);
    }
    return isTerminal(task.status) ? task : undefined;
  };

  const poll = async (): Promise<TaskInfo> => {
    for (;;) {
      const done = see(await getTask(taskId, signal));
      if (done) return done;
      await sleep(opts.pollIntervalMs ?? 1000, signal);
    }
  };

  const stream = async (): Promise<TaskInfo | 'fallback'> => {
    const fallback = (opts.transport ?? 'auto') === 'auto';
    let failures = 0;
    for (;;) {
      const r = await connect(cfg, taskId, signal, see, opts.idleTimeoutMs ?? 45_000);
      if (r.kind === 'terminal') return r.task;
      if (r.kind === 'dropped' && r.received) failures = 0;
      else if (fallback) {
        // Could not open the stream (or it closed at once): polling works with any server.
        if (r.kind === 'unavailable' || failures >= cfg.retry.retries) return 'fallback';
      } else if (failures >= cfg.retry.retries || (r.kind === 'unavailable' && !r.retryable)) {
        throw r.kind === 'unavailable'
          ? r.error
          : new NetworkError(`The event stream of task ${taskId} keeps closing`, { code: 'network_error' });
      }
      const retryAfterMs = r.kind === 'unavailable' ? r.retryAfterMs : undefined;
      await sleep(retryAfterMs ?? backoffDelay(failures, cfg.retry), signal);
      failures++;
    }
  };

  try {
    const useStream = opts.transport !== 'poll' && canStream();
    if (opts.transport === 'sse' && !canStream()) {
      throw new ShortplayError('This runtime cannot read a streaming response', { code: 'sse_unsupported' });
    }
    const streamed = useStream ? await stream() : 'fallback';
    const task = streamed === 'fallback' ? await poll() : streamed;
    if (task.status === 'failed') throw new TaskFailedError(task);
    if (task.status === 'cancelled') throw new TaskCancelledError(task);
    return task;
  } catch (err) {
    // Whatever a cancelled fetch or read threw, report why we stopped: timeout or the caller's abort.
    if (signal.aborted) throw signal.reason;
    throw err;
  } finally {
    clearTimeout(timer);
    external?.removeEventListener('abort', onAbort);
    ctl.abort(); // stops anything still in flight
  }
}

/** One SSE connection: reads `task` events until a terminal state, a drop, or an open failure. */
async function connect(
  cfg: HttpConfig,
  taskId: string,
  signal: AbortSignal,
  see: (task: TaskInfo) => TaskInfo | undefined,
  idleTimeoutMs: number,
): Promise<Outcome> {
  const conn = new AbortController();
  const onAbort = () => conn.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let idle: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => conn.abort(new Error('event stream idle')), idleTimeoutMs);
  };
  try {
    const url = buildUrl(cfg.baseUrl, `/api/tasks/${encodeURIComponent(taskId)}/events`);
    let res: Response;
    try {
      arm();
      res = await cfg.fetch(url, {
        headers: buildHeaders(cfg, { Accept: 'text/event-stream' }),
        credentials: 'same-origin',
        signal: conn.signal,
      });
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      const error = new NetworkError(`Could not open the event stream of task ${taskId}`, {
        code: 'network_error',
        cause,
      });
      return { kind: 'unavailable', error, retryable: true };
    }
    if (!res.ok) {
      const error = await errorFromResponse(res);
      const retryAfterMs =
        error instanceof RateLimitedError || error instanceof ServiceUnavailableError ? error.retryAfterMs : undefined;
      return { kind: 'unavailable', error, retryable: RETRYABLE_OPEN_STATUSES.includes(res.status), retryAfterMs };
    }
    const type = res.headers.get('content-type') ?? '';
    if (!res.body || !type.toLowerCase().includes('text/event-stream')) {
      await discard(res);
      const error = new InvalidResponseError(`The events endpoint answered ${type || 'without a content-type'}`, {
        code: 'sse_unsupported',
        status: res.status,
      });
      return { kind: 'unavailable', error, retryable: false };
    }

    let received = false;
    const messages = readEventStream(res.body, arm);
    try {
      for (;;) {
        let next: IteratorResult<{ event: string; data: string }>;
        try {
          next = await messages.next();
        } catch {
          if (signal.aborted) throw signal.reason;
          return { kind: 'dropped', received }; // reset, idle watchdog, proxy cut…
        }
        if (next.done) return { kind: 'dropped', received };
        const { event, data } = next.value;
        if (event === 'end') return { kind: 'dropped', received }; // end without a terminal state
        if (event !== 'task') continue;
        received = true;
        const task = parseTask(data);
        const done = see(task);
        if (done) return { kind: 'terminal', task: done };
      }
    } finally {
      await messages.return(undefined).catch(() => {});
    }
  } finally {
    clearTimeout(idle);
    signal.removeEventListener('abort', onAbort);
    conn.abort();
  }
}

function parseTask(data: string): TaskInfo {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (cause) {
    throw new InvalidResponseError('An event-stream `task` message is not JSON', { code: 'invalid_response', cause });
  }
  const parsed = TaskInfo.safeParse(json);
  if (!parsed.success) {
    throw new InvalidResponseError(`Malformed task in the event stream: ${describeIssues(parsed.error)}`, {
      code: 'invalid_response',
      cause: parsed.error,
    });
  }
  return parsed.data;
}
