import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TaskInfo } from '../tasks/schema';
import { delay, type FakeApi, makeTask, openStream, sendError, sseFrame, startFakeApi } from './fake-api.test-util';
import {
  configureClient,
  createClient,
  type ShortplayClient,
  submitScriptGenerationTask,
  TaskCancelledError,
  TaskFailedError,
  TimeoutError,
  waitForTaskCompletion,
} from './index';

let api: FakeApi;
let client: ShortplayClient;

beforeEach(async () => {
  api = await startFakeApi();
  client = createClient({ baseUrl: api.url, retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 } });
});
afterEach(() => api.close());

const progressOf = (seen: TaskInfo[]) => seen.map((t) => t.progress);
const eventsPath = /\/events$/;
/** Writes and waits until Node has handed the bytes to the socket, so the next write is a new chunk. */
const flushed = (res: Parameters<FakeApi['events']>[1], data: string | Uint8Array) =>
  new Promise<void>((resolve) => res.write(data, () => resolve()));
/** A promise and the function that settles it. */
function signal<T = void>() {
  let fire!: (v: T) => void;
  const fired = new Promise<T>((resolve) => {
    fire = resolve;
  });
  return { fire, fired };
}

/** The states a task goes through: processing 0 → 40 → completed 100. */
function script(id: string): TaskInfo[] {
  const base = { task_id: id, status: 'processing' as const };
  return [
    makeTask({ ...base, progress: 0, message: '解析章节' }),
    makeTask({ ...base, progress: 40, message: '第二集：改编中（雪夜）' }),
    makeTask({ ...base, status: 'completed', progress: 100, message: '完成' }),
  ];
}

describe('waitForTaskCompletion over SSE', () => {
  it('follows 0 → 40 → 100 across heartbeats and split chunks (even inside a UTF-8 character)', async () => {
    const task = api.addTask();
    const [t0, t40, t100] = script(task.task_id);
    api.events = async (_req, res) => {
      openStream(res);
      res.write(sseFrame(t0!));
      res.write(': ping\n\n');
      const bytes = Buffer.from(sseFrame(t40!), 'utf8');
      const cut = bytes.indexOf(Buffer.from('雪', 'utf8')) + 1; // in the middle of a 3-byte character
      // (readEventStream's own test splits every byte; here the cut goes over a real socket)
      await flushed(res, bytes.subarray(0, cut));
      res.write(bytes.subarray(cut));
      res.write(sseFrame(t40!)); // a repeat is not reported twice
      res.write(`: ping\r\n\r\n${sseFrame(t100!)}`);
      res.end('event: end\ndata: {}\n\n');
    };
    const seen: TaskInfo[] = [];
    const done = await client.waitForTaskCompletion(task.task_id, (t) => seen.push(t));
    expect(done.status).toBe('completed');
    expect(progressOf(seen)).toEqual([0, 40, 100]);
    expect(seen[1]?.message).toBe('第二集：改编中（雪夜）');
    expect(api.count('GET', eventsPath)).toBe(1);
    expect(api.requests).toHaveLength(1); // no polling
  });

  it.each(['reset', 'clean close'])('reconnects when the stream drops mid-way (%s)', async (how) => {
    const task = api.addTask();
    const [t0, t40, t100] = script(task.task_id);
    const saw40 = signal();
    api.events = async (_req, res) => {
      openStream(res);
      if (api.count('GET', eventsPath) === 1) {
        res.write(sseFrame(t0!) + sseFrame(t40!));
        await saw40.fired; // the client has it: now the connection goes
        if (how === 'reset') res.destroy();
        else res.end();
      } else {
        res.write(sseFrame(t40!)); // the server resends the current state first
        res.end(`${sseFrame(t100!)}event: end\ndata: {}\n\n`);
      }
    };
    const seen: TaskInfo[] = [];
    const done = await client.waitForTaskCompletion(task.task_id, (t) => {
      seen.push(t);
      if (t.progress === 40) saw40.fire();
    });
    expect(done.progress).toBe(100);
    expect(progressOf(seen)).toEqual([0, 40, 100]);
    expect(api.count('GET', eventsPath)).toBe(2);
  });

  it('follows live updates of the default stream', async () => {
    configureClient({ baseUrl: api.url });
    const task = await submitScriptGenerationTask('第一章 风起。');
    const seen: TaskInfo[] = [];
    // The task moves on each time the client has reported where it was.
    await waitForTaskCompletion(task.task_id, (t) => {
      seen.push(t);
      if (t.progress === 0) api.update(task.task_id, { status: 'processing', progress: 50 });
      if (t.progress === 50) api.update(task.task_id, { status: 'completed', progress: 100 });
    });
    expect(progressOf(seen)).toEqual([0, 50, 100]);
  });
});

describe('polling fallback', () => {
  const noSse = {
    '404': (res: Parameters<FakeApi['events']>[1]) => sendError(res, 404, 'not_found'),
    'text/html': (res: Parameters<FakeApi['events']>[1]) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>Shortplay</title>');
    },
  };
  it.each(Object.keys(noSse) as (keyof typeof noSse)[])('polls when /events answers %s', async (kind) => {
    const task = api.addTask();
    const steps = script(task.task_id);
    api.events = (_req, res) => noSse[kind](res);
    let polls = 0;
    api.beforeGet = () => {
      api.tasks.set(task.task_id, steps[Math.min(polls++, 2)]!);
    };
    const seen: TaskInfo[] = [];
    const done = await client.waitForTaskCompletion(task.task_id, (t) => seen.push(t), { pollIntervalMs: 10 });
    expect(done.status).toBe('completed');
    expect(progressOf(seen)).toEqual([0, 40, 100]);
    expect(api.count('GET', eventsPath)).toBe(1);
    expect(api.count('GET', `/api/tasks/${task.task_id}`)).toBe(3);
  });

  it("transport: 'poll' never opens a stream", async () => {
    const task = api.addTask({ status: 'completed', progress: 100 });
    await client.waitForTaskCompletion(task.task_id, undefined, { transport: 'poll' });
    expect(api.count('GET', eventsPath)).toBe(0);
  });
});

describe('terminal failures, timeout and abort', () => {
  it.each(['sse', 'poll'] as const)('rejects with TaskFailedError carrying the error (%s)', async (transport) => {
    const task = api.addTask({ status: 'processing', progress: 30 });
    const fail = () =>
      api.update(task.task_id, {
        status: 'failed',
        message: 'LLM quota exhausted',
        error: { code: 'llm_quota', message: 'quota exhausted', retryable: true },
      });
    const err = await client
      .waitForTaskCompletion(task.task_id, (t) => t.status === 'processing' && fail(), {
        transport,
        pollIntervalMs: 10,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskFailedError);
    const failed = err as TaskFailedError;
    expect(failed.code).toBe('llm_quota');
    expect(failed.error).toEqual({ code: 'llm_quota', message: 'quota exhausted', retryable: true });
    expect(failed.task.status).toBe('failed');
  });

  it('rejects with TaskCancelledError when the task is cancelled', async () => {
    const task = api.addTask({ status: 'processing' });
    const following = signal();
    const waiting = client.waitForTaskCompletion(task.task_id, () => following.fire()).catch((e: unknown) => e);
    await following.fired;
    await client.cancelTask(task.task_id);
    const err = await waiting;
    expect(err).toBeInstanceOf(TaskCancelledError);
    expect((err as TaskCancelledError).task.task_id).toBe(task.task_id);
  });

  it('rejects with TimeoutError after timeoutMs and closes the stream', async () => {
    const task = api.addTask({ status: 'processing' });
    const started = Date.now();
    const err = await client
      .waitForTaskCompletion(task.task_id, undefined, { timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
    await api.streamsClosed();
  });

  it('stops at once on abort (SSE): AbortError, stream closed, no more requests', async () => {
    const task = api.addTask({ status: 'processing' });
    const ctl = new AbortController();
    const waiting = client.waitForTaskCompletion(task.task_id, () => ctl.abort(), { signal: ctl.signal });
    const err = await waiting.catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    await api.streamsClosed();
    const count = api.requests.length;
    api.update(task.task_id, { progress: 60 });
    await delay(100); // an observation window: nothing announces a request that never comes
    expect(api.requests).toHaveLength(count);
  });

  it('stops at once on abort (polling), with the signal reason', async () => {
    const task = api.addTask({ status: 'processing' });
    const ctl = new AbortController();
    const reason = new Error('user left the page');
    let polls = 0;
    api.beforeGet = () => {
      if (++polls === 3) ctl.abort(reason); // the user leaves during the third poll
    };
    const err = await client
      .waitForTaskCompletion(task.task_id, undefined, { signal: ctl.signal, transport: 'poll', pollIntervalMs: 10 })
      .catch((e: unknown) => e);
    expect(err).toBe(reason);
    expect(polls).toBe(3);
    const count = api.requests.length;
    await delay(100); // an observation window (ten poll intervals): nothing announces a request that never comes
    expect(api.requests).toHaveLength(count);
  });

  it('rejects at once for an already aborted signal, without requests', async () => {
    const err = await client.waitForTaskCompletion('t', undefined, { signal: AbortSignal.abort() }).catch((e) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(api.requests).toHaveLength(0);
  });

  it('treats a silent stream as dropped (idle watchdog) and reconnects', async () => {
    const task = api.addTask({ status: 'processing' });
    api.events = (_req, res) => {
      openStream(res);
      if (api.count('GET', eventsPath) === 1) res.write(sseFrame(api.tasks.get(task.task_id)!));
      else res.end(`${sseFrame(api.update(task.task_id, { status: 'completed', progress: 100 }))}`);
    };
    const done = await client.waitForTaskCompletion(task.task_id, undefined, { idleTimeoutMs: 50 });
    expect(done.status).toBe('completed');
    expect(api.count('GET', eventsPath)).toBe(2);
  });
});
