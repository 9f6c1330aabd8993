// Test-only stand-in for the remote task API (node:http on 127.0.0.1, in-memory tasks), used by
// the client's unit tests. Not part of the client bundle.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTerminal, type TaskInfo } from '../tasks/schema';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => boolean | Promise<boolean>;
type EventsHandler = (req: IncomingMessage, res: ServerResponse, task: TaskInfo) => void | Promise<void>;

export interface FakeApi {
  url: string;
  tasks: Map<string, TaskInfo>;
  requests: RecordedRequest[];
  /** When set, requests need `Authorization: Bearer <token>`. */
  token?: string;
  /** Runs first; return true when it answered the request itself. */
  intercept?: Handler;
  /** Answers GET /api/tasks/:id/events (default: a live stream of the task's changes). */
  events: EventsHandler;
  /** Runs before GET /api/tasks/:id answers (e.g. to advance the task between polls). */
  beforeGet?: (task: TaskInfo) => void;
  /** Event-stream connections currently open. */
  openStreams: number;
  /** Resolves once no event-stream connection is open (at once when none is). */
  streamsClosed(): Promise<void>;
  addTask(patch?: Partial<TaskInfo>): TaskInfo;
  update(id: string, patch: Partial<TaskInfo>): TaskInfo;
  count(method: string, path: string | RegExp): number;
  close(): Promise<void>;
}

let seq = 0;
let clock = Date.parse('2025-01-01T00:00:00Z');
const now = () => {
  clock += 1000;
  return new Date(clock).toISOString();
};

export function makeTask(patch: Partial<TaskInfo> = {}): TaskInfo {
  const t = now();
  return {
    task_id: `task-${++seq}`,
    status: 'pending',
    progress: 0,
    message: 'queued',
    created_at: t,
    updated_at: t,
    stage: null,
    title: '测试小说',
    error: null,
    started_at: null,
    finished_at: null,
    attempts: 0,
    priority: 0,
    options: {},
    novel_content_length: 10,
    cancel_requested: false,
    urgent: false,
    batch_id: null,
    ...patch,
  };
}

export const sseFrame = (task: TaskInfo) => `event: task\ndata: ${JSON.stringify(task)}\n\n`;
export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export const sendError = (res: ServerResponse, status: number, code: string, headers?: Record<string, string>) =>
  sendJson(res, status, { error: { code, message: `${code} (${status})` } }, headers);

export function openStream(res: ServerResponse) {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
}

export async function startFakeApi(): Promise<FakeApi> {
  const listeners = new Map<string, Set<(t: TaskInfo) => void>>();
  let whenClosed: (() => void)[] = [];
  const idempotency = new Map<string, string>();

  const api: FakeApi = {
    url: '',
    tasks: new Map(),
    requests: [],
    openStreams: 0,
    streamsClosed: () =>
      api.openStreams === 0 ? Promise.resolve() : new Promise<void>((resolve) => whenClosed.push(resolve)),
    events(_req, res, task) {
      openStream(res);
      res.write(sseFrame(task));
      const subs = listeners.get(task.task_id) ?? new Set();
      listeners.set(task.task_id, subs);
      const push = (t: TaskInfo) => {
        res.write(sseFrame(t));
        if (isTerminal(t.status)) res.end('event: end\ndata: {}\n\n');
      };
      subs.add(push);
      res.on('close', () => subs.delete(push));
      if (isTerminal(task.status)) res.end('event: end\ndata: {}\n\n');
    },
    addTask(patch) {
      const task = makeTask(patch);
      api.tasks.set(task.task_id, task);
      return task;
    },
    update(id, patch) {
      const task = { ...api.tasks.get(id)!, updated_at: now(), ...patch };
      api.tasks.set(id, task);
      for (const push of listeners.get(id) ?? []) push(task);
      return task;
    },
    count(method, path) {
      return api.requests.filter(
        (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
      ).length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const route = async (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (api.token && req.headers.authorization !== `Bearer ${api.token}`) return sendError(res, 401, 'unauthorized');
    if (await api.intercept?.(req, res, body)) return;
    const [, , , id, action] = url.pathname.split('/'); // '', 'api', 'tasks', id, action
    const task = id ? api.tasks.get(decodeURIComponent(id)) : undefined;

    if (url.pathname === '/api/tasks' && req.method === 'POST') {
      const key = req.headers['idempotency-key'];
      const known = typeof key === 'string' ? idempotency.get(key) : undefined;
      if (known) return sendJson(res, 200, api.tasks.get(known));
      const input = JSON.parse(body) as { novel_content: string; title?: string; priority?: number };
      if (input.novel_content.length < 5) return sendError(res, 422, 'novel_too_short');
      const created = api.addTask({
        title: input.title ?? 'Untitled',
        priority: input.priority ?? 0,
        novel_content_length: input.novel_content.length,
      });
      if (typeof key === 'string') idempotency.set(key, created.task_id);
      return sendJson(res, 202, created);
    }
    if (url.pathname === '/api/tasks' && req.method === 'GET') {
      const status = url.searchParams.get('status');
      const tasks = [...api.tasks.values()].filter((t) => !status || t.status === status);
      return sendJson(res, 200, { tasks, next_cursor: null });
    }
    if (!task) return sendError(res, 404, 'task_not_found');
    if (req.method === 'GET' && !action) {
      api.beforeGet?.(task);
      return sendJson(res, 200, api.tasks.get(task.task_id));
    }
    if (req.method === 'GET' && action === 'events') {
      api.openStreams++;
      res.on('close', () => {
        if (--api.openStreams > 0) return;
        for (const resolve of whenClosed) resolve();
        whenClosed = [];
      });
      return api.events(req, res, task);
    }
    if (req.method === 'POST' && action === 'cancel') {
      return sendJson(res, 200, api.update(task.task_id, { status: 'cancelled', message: 'cancelled' }));
    }
    if (req.method === 'POST' && action === 'retry') {
      if (task.status !== 'failed') return sendError(res, 409, 'task_not_failed');
      return sendJson(res, 200, api.update(task.task_id, { status: 'pending', error: null, progress: 0 }));
    }
    sendError(res, 404, 'not_found');
  };

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      api.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      Promise.resolve(route(req, res, body)).catch((err: unknown) => {
        if (!res.headersSent) sendError(res, 500, String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}
