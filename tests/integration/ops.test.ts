// Operations against real processes: the standalone server (as the Docker image runs it) and a
// worker. Prometheus output parses and carries web, worker and database series; only the
// METRICS_TOKEN or an admin may read it; admin routes are 404 to others; every response has a
// request id; health live/ready; log lines are JSON with task context and without novel text or
// secrets.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { waitForTask, waitUntil } from '../helpers/wait';

const METRICS_TOKEN = `metrics-${randomBytes(12).toString('hex')}`;
const ADMIN = `boss-${randomBytes(4).toString('hex')}@example.com`;
const MARKER = '阿Q忽然想起了那件不可告人的秘密事';
const NOVEL = `第一章\n\n${MARKER}。阿Q说：“我们先前——比你阔多啦！”\n\n第二章\n\n小D说：“你还不配。”阿Q很生气。`;

const stack = stackForFile({
  standalone: true,
  env: { ADMIN_EMAILS: ADMIN, METRICS_TOKEN },
  webEnv: { LOG_LEVEL: 'info' },
  workerEnv: { LOG_LEVEL: 'debug', JOB_HEARTBEAT_SECONDS: '10' },
});

let admin: TestUser;
let user: TestUser;
let taskId: string;

/**
 * A strict reader of the Prometheus text format: every line is a comment or `name{labels} value`.
 * A value may be NaN in any case: prom-client writes "Nan" (an event-loop mean with no samples
 * yet), which Prometheus reads as Go's ParseFloat does, case-insensitively.
 */
function parseProm(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|[Nn][Aa][Nn]|\+Inf|-Inf)$/.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1] ?? ''] = l[2] ?? '';
    out.push({ name: m[1] ?? '', labels, value: Number(m[3]) });
  }
  return out;
}

const scrape = (auth?: string) =>
  fetch(`${stack.web.url}/api/metrics`, auth ? { headers: { authorization: auth } } : {});

beforeAll(async () => {
  const res = await fetch(`${stack.web.url}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN, password: 'correct horse battery' }),
  });
  expect(res.status).toBe(201);
  expect(((await res.json()) as { role: string }).role).toBe('admin');
  const tok = await fetch(`${stack.web.url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN, password: 'correct horse battery', name: 'ops' }),
  });
  const { token } = (await tok.json()) as { token: string };
  admin = { ...(await signUp(stack.web.url, 'unused')), token, email: ADMIN };
  admin.fetch = (path, init = {}) =>
    fetch(`${stack.web.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
  user = await signUp(stack.web.url, 'writer');
  const task = await user.client.submitScriptGenerationTask(NOVEL, { title: '阿Q', episodes: 2 });
  taskId = task.task_id;
  await waitForTask(user.client, taskId, (t) => t.status === 'completed');
});

describe('Prometheus', () => {
  it('answers 401 without the token or an admin, and the text format to either', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('Bearer wrong-token-wrong-token')).status).toBe(401);
    expect((await scrape(`Bearer ${user.token}`)).status).toBe(401);
    const byAdmin = await scrape(`Bearer ${admin.token}`);
    expect(byAdmin.status).toBe(200);
    const res = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(parseProm(await res.text()).length).toBeGreaterThan(50);
  });

  it('carries database gauges, web series and the worker series from its heartbeat', async () => {
    let series: ReturnType<typeof parseProm> = [];
    const find = (name: string, labels: Record<string, string> = {}) =>
      series.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    // The worker's snapshot arrives with its next heartbeat (at most 5 s).
    await waitUntil(
      async () => {
        series = parseProm(await (await scrape(`Bearer ${METRICS_TOKEN}`)).text());
        return find('shortplay_task_run_seconds_count', { outcome: 'completed' }) !== undefined;
      },
      { what: 'the worker series', timeoutMs: 20_000 },
    );
    expect(find('shortplay_tasks', { status: 'completed' })?.value).toBe(1);
    expect(find('shortplay_tasks', { status: 'pending' })?.value).toBe(0);
    expect(find('shortplay_queue_depth')?.value).toBe(0);
    expect(find('shortplay_workers_live')?.value).toBe(1);
    expect(find('shortplay_worker_slots_total')?.value).toBeGreaterThan(0);
    const run = find('shortplay_task_run_seconds_count', { outcome: 'completed' });
    expect(run?.value).toBe(1);
    expect(run?.labels.worker_id).toBeTruthy();
    expect(find('shortplay_task_wait_seconds_count', { worker_id: run?.labels.worker_id ?? '' })?.value).toBe(1);
    expect(find('shortplay_stage_duration_seconds_count')).toBeDefined();
    expect(find('shortplay_worker_rss_bytes')?.value).toBeGreaterThan(10_000_000);
    expect(
      find('shortplay_http_request_duration_seconds_count', { route: '/api/tasks', method: 'POST', status: '202' })
        ?.value,
    ).toBe(1);
    expect(find('shortplay_http_request_duration_seconds_count', { route: '/api/tasks/[id]/events' })).toBeDefined();
    expect(find('shortplay_sse_streams_open')).toBeDefined();
    // Web and worker process metrics sit side by side, the worker's labelled.
    expect(series.filter((s) => s.name === 'process_resident_memory_bytes')).toHaveLength(2);
  });
});

describe('admin API', () => {
  it('serves the metrics report to admins and 404 to anyone else', async () => {
    expect((await user.fetch('/api/admin/metrics?window=1h')).status).toBe(404);
    expect((await fetch(`${stack.web.url}/api/admin/metrics`)).status).toBe(401);
    expect((await admin.fetch('/api/admin/metrics?window=2h')).status).toBe(422);
    const res = await admin.fetch('/api/admin/metrics?window=1h');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { counts: { submitted: number; completed: number } };
    expect(body.counts).toMatchObject({ submitted: 1, completed: 1 });
  });

  it('changes a user tier for admins only', async () => {
    const patch = (who: TestUser, body: unknown) =>
      who.fetch(`/api/admin/users/${user.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await patch(user, { tier: 'vip' })).status).toBe(404);
    expect((await patch(admin, { tier: 'gold' })).status).toBe(422);
    const ok = await patch(admin, { tier: 'vip' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: user.id, tier: 'vip', role: 'user' });
  });
});

describe('requests, health and logs', () => {
  it('gives every response a request id, echoing a sane one the caller sent', async () => {
    const mine = await user.fetch(`/api/tasks/${taskId}`, { headers: { 'x-request-id': 'trace-abc-12345' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-abc-12345');
    const bad = await user.fetch('/api/tasks/nope', { headers: { 'x-request-id': 'has spaces; and <tags>' } });
    expect(bad.status).toBe(404);
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers live and ready', async () => {
    const live = await fetch(`${stack.web.url}/api/health/live`);
    expect([live.status, await live.json()]).toEqual([200, { ok: true }]);
    const ready = await fetch(`${stack.web.url}/api/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { ok: true, database: true, queue: true }]);
  });

  it('writes JSON lines: task work with task, run, worker and stage; requests with their id; no novel text or secrets', () => {
    const lines = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    const worker = lines(stack.workers[0]?.output() ?? '');
    const taskLines = worker.filter((l) => l.task_id === taskId);
    expect(taskLines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['run started', 'stage started', 'run completed']),
    );
    for (const l of taskLines) {
      expect(l).toMatchObject({ task_id: taskId, run_id: expect.any(String), worker_id: expect.any(String) });
      expect(l).toHaveProperty('stage');
    }
    expect(taskLines.filter((l) => l.msg === 'stage started').every((l) => typeof l.stage === 'string')).toBe(true);
    const web = lines(stack.web.output());
    expect(web.some((l) => l.msg === 'request' && l.route === '/api/tasks' && typeof l.request_id === 'string')).toBe(
      true,
    );
    const all = `${stack.workers[0]?.output()}${stack.web.output()}`;
    for (const secret of [MARKER, '比你阔多啦', 'correct horse battery', user.token, admin.token, METRICS_TOKEN]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('the Docker image', () => {
  it('runs the web server with the same preloads as npm start and these tests, copied into the image', async () => {
    const { readFileSync } = await import('node:fs');
    const { WEB_PRELOADS } = await import('../../scripts/processes');
    const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    const web = dockerfile.slice(dockerfile.indexOf(' AS web'), dockerfile.indexOf(' AS worker'));
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(web)?.[1] ?? '[]') as string[];
    expect(cmd).toEqual(['node', ...WEB_PRELOADS.flatMap((m) => ['--import', `./${m}`]), 'server.js']);
    for (const m of WEB_PRELOADS) expect(web).toMatch(new RegExp(`COPY [^\\n]*/app/${m.replace('.', '\\.')}`));
  });
});
