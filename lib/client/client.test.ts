import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeApi, sendError, sendJson, startFakeApi } from './fake-api.test-util';
import {
  ApiError,
  ConflictError,
  configureClient,
  createClient,
  InvalidResponseError,
  NetworkError,
  NotFoundError,
  queryTaskStatus,
  RateLimitedError,
  ServiceUnavailableError,
  type ShortplayClient,
  ShortplayError,
  submitScriptGenerationTask,
  UnauthorizedError,
  ValidationError,
} from './index';

const NOVEL = '第一章 少年出山。天色将明，山门外风雪正紧。';
const FAST_RETRY = { retries: 2, baseDelayMs: 5, maxDelayMs: 20 };

let api: FakeApi;
let client: ShortplayClient;

beforeEach(async () => {
  api = await startFakeApi();
  client = createClient({ baseUrl: api.url, retry: FAST_RETRY });
});
afterEach(() => api.close());

describe('submitScriptGenerationTask', () => {
  it('creates a task (202) with an automatic idempotency key', async () => {
    const task = await client.submitScriptGenerationTask(NOVEL, { title: '雪夜', episodes: 3, language: 'zh' });
    expect(task.status).toBe('pending');
    expect(task.title).toBe('雪夜');
    const [req] = api.requests;
    expect(req?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(JSON.parse(req!.body)).toEqual({
      novel_content: NOVEL,
      title: '雪夜',
      options: { episodes: 3, language: 'zh' },
    });
  });

  it('replays the same task for a repeated idempotency key', async () => {
    const a = await client.submitScriptGenerationTask(NOVEL, { idempotencyKey: 'k-1' });
    const b = await client.submitScriptGenerationTask(NOVEL, { idempotencyKey: 'k-1' });
    const c = await client.submitScriptGenerationTask(NOVEL);
    expect(b.task_id).toBe(a.task_id);
    expect(c.task_id).not.toBe(a.task_id);
    expect(api.tasks.size).toBe(2);
  });

  it('retries a submit on 503 with the same key, creating one task', async () => {
    let refused = 0;
    api.intercept = (req, res) => {
      if (req.method !== 'POST' || refused++ > 0) return false;
      sendError(res, 503, 'overloaded', { 'Retry-After': '0' });
      return true;
    };
    const task = await client.submitScriptGenerationTask(NOVEL);
    const keys = api.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect([...api.tasks.keys()]).toEqual([task.task_id]);
  });

  it('maps 422 to ValidationError with the server code', async () => {
    const err = await client.submitScriptGenerationTask('短').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ code: 'novel_too_short', status: 422 });
    expect(api.requests).toHaveLength(1);
  });

  it('rejects an invalid request locally without sending it', async () => {
    const err = await client.submitScriptGenerationTask(NOVEL, { priority: 99 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ code: 'invalid_request' });
    expect(api.requests).toHaveLength(0);
  });
});

describe('errors and retries', () => {
  it('retries 503 with Retry-After: 0 twice, then succeeds', async () => {
    const task = api.addTask();
    let refused = 0;
    api.intercept = (_req, res) => {
      if (refused++ >= 2) return false;
      sendError(res, 503, 'overloaded', { 'Retry-After': '0' });
      return true;
    };
    const started = Date.now();
    expect((await client.queryTaskStatus(task.task_id)).task_id).toBe(task.task_id);
    expect(api.requests).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives up on 429 with RateLimitedError after the retries', async () => {
    api.intercept = (_req, res) => {
      sendError(res, 429, 'slow_down', { 'Retry-After': '0' });
      return true;
    };
    const err = await client.queryTaskStatus('x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toMatchObject({ code: 'slow_down', status: 429, retryAfterMs: 0 });
    expect(api.requests).toHaveLength(1 + FAST_RETRY.retries);
  });

  it('throws NetworkError after retrying a refused connection', async () => {
    const dead = await startFakeApi();
    const url = dead.url;
    await dead.close();
    let calls = 0;
    const c = createClient({
      baseUrl: url,
      retry: FAST_RETRY,
      fetch: (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    const err = await c.queryTaskStatus('t').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err).toMatchObject({ code: 'network_error' });
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect(calls).toBe(1 + FAST_RETRY.retries);
  });

  it('maps 404 to NotFoundError without retrying', async () => {
    const err = await client.queryTaskStatus('missing/../id').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ code: 'task_not_found', status: 404 });
    expect(api.requests.map((r) => r.path)).toEqual(['/api/tasks/missing%2F..%2Fid']);
  });

  it('maps 401 to UnauthorizedError, and sends the bearer token', async () => {
    api.token = 's3cret';
    const task = api.addTask();
    await expect(client.queryTaskStatus(task.task_id)).rejects.toBeInstanceOf(UnauthorizedError);
    const authed = createClient({ baseUrl: api.url, token: 's3cret' });
    expect((await authed.queryTaskStatus(task.task_id)).task_id).toBe(task.task_id);
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer s3cret');
  });

  it('tolerates a non-JSON error body and does not retry a 500', async () => {
    api.intercept = (_req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/html' });
      res.end('<html><body>Internal Server Error</body></html>');
      return true;
    };
    const err = await client.queryTaskStatus('t').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toBeInstanceOf(ShortplayError);
    expect(err).toMatchObject({ status: 500, code: 'server_error' });
    expect(api.requests).toHaveLength(1);
  });

  it('reports a malformed 200 response clearly', async () => {
    api.intercept = (_req, res) => {
      sendJson(res, 200, { task_id: 't', status: 'weird' });
      return true;
    };
    const err = await client.queryTaskStatus('t').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect((err as Error).message).toMatch(/status/);
  });

  it('fails fast on a relative URL outside a browser', async () => {
    const err = await createClient()
      .queryTaskStatus('t')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_url' });
  });
});

describe('cancel, retry, list and the default client', () => {
  it('cancels, retries (409 when not failed) and lists', async () => {
    const failed = api.addTask({ status: 'failed', error: { code: 'llm_error', message: 'x', retryable: true } });
    const running = api.addTask({ status: 'processing' });
    expect((await client.cancelTask(running.task_id)).status).toBe('cancelled');
    expect((await client.retryTask(failed.task_id)).status).toBe('pending');
    await expect(client.retryTask(running.task_id)).rejects.toBeInstanceOf(ConflictError);
    const list = await client.listTasks({ status: 'cancelled', limit: 10 });
    expect(list.tasks.map((t) => t.task_id)).toEqual([running.task_id]);
    expect(list.next_cursor).toBeNull();
    expect(api.requests.at(-1)?.path).toBe('/api/tasks?status=cancelled&limit=10');
  });

  it('does not retry a lost retryTask (502), but does when refused (503)', async () => {
    const failed = api.addTask({ status: 'failed', error: { code: 'e', message: 'x', retryable: true } });
    let status = 502;
    api.intercept = (_req, res) => {
      if (status === 0) return false;
      sendError(res, status, 'upstream');
      status = status === 503 ? 0 : status;
      return true;
    };
    await expect(client.retryTask(failed.task_id)).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(api.requests).toHaveLength(1);
    status = 503;
    expect((await client.retryTask(failed.task_id)).status).toBe('pending');
    expect(api.requests).toHaveLength(3);
  });

  it('standalone functions use the configured default client', async () => {
    configureClient({ baseUrl: api.url, retry: FAST_RETRY });
    const task = await submitScriptGenerationTask(NOVEL);
    expect((await queryTaskStatus(task.task_id)).task_id).toBe(task.task_id);
  });
});
