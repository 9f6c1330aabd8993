// Stream opens served by the web server's own handler (lib/live/direct-open.ts, decision 0127)
// answer exactly as Next.js's route does: the same request, sent to this file's web process and to
// a second one on the same database with SSE_DIRECT_OPEN=false, gets the same status, headers and
// body. Each check also reads shortplay_sse_opens_total to prove which path answered, so a
// fast path that silently falls back to Next.js fails here.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { json, signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { sessionCookie } from '../helpers/session';
import { type Proc, startWeb } from '../helpers/stack';
import { waitUntil } from '../helpers/wait';

const METRICS_TOKEN = `metrics-${randomBytes(12).toString('hex')}`;
const ENV = { SSE_MAX_PER_USER: '2', SSE_MAX_PER_PROCESS: '4', SSE_HEARTBEAT_SECONDS: '1', METRICS_TOKEN };
const stack = stackForFile({ workers: 0, env: ENV });
let routeWeb: (Proc & { url: string }) | undefined;
const direct = () => stack.web.url;
const route = () => routeWeb?.url ?? '';

interface Answer {
  status: number;
  headers: [string, string][];
  /** The error body, or a stream's frames up to its first task frame. */
  body: string;
}
const held: AbortController[] = [];

/** GET `path` on `base`; a 200 stream is read to its first task frame, then kept open when `keep`. */
async function answer(base: string, path: string, headers: Record<string, string>, keep = false): Promise<Answer> {
  const ctl = new AbortController();
  const res = await fetch(`${base}${path}`, {
    headers: { 'x-request-id': 'compare-request-0001', ...headers },
    signal: ctl.signal,
  });
  let body = '';
  if (res.status === 200 && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    while (!/event: task\n[\s\S]*?\n\n/.test(body)) {
      const chunk = await reader.read();
      if (chunk.done) break;
      body += decoder.decode(chunk.value, { stream: true });
    }
    if (keep) held.push(ctl);
    else ctl.abort();
  } else {
    body = await res.text();
  }
  return { status: res.status, headers: [...res.headers].filter(([k]) => k !== 'date' && k !== 'keep-alive'), body };
}

async function metric(base: string, line: string): Promise<number> {
  const res = await fetch(`${base}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await res.text();
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.split(' ')[1]) : 0;
}
const opens = async (base: string) => ({
  direct: await metric(base, 'shortplay_sse_opens_total{path="direct"}'),
  next: await metric(base, 'shortplay_sse_opens_total{path="next"}'),
});

/** Sends `path` with `headers` to both processes: their answers, and how the direct one was served. */
async function both(path: string, headers: Record<string, string>, keep = false) {
  const before = await opens(direct());
  const fast = await answer(direct(), path, headers, keep);
  const after = await opens(direct());
  const slow = await answer(route(), path, headers, keep);
  return { fast, slow, path: { direct: after.direct - before.direct, next: after.next - before.next } };
}

const submit = async (u: TestUser) => {
  const res = await u.fetch('/api/tasks', json({ novel_content: '第一章\n阿Q说：“看着我。”' }));
  return (await res.json()).task_id as string;
};
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const events = (id: string) => `/api/tasks/${id}/events`;

beforeAll(async () => {
  routeWeb = await startWeb(stack.dbUrl, { ...ENV, SSE_DIRECT_OPEN: 'false' });
  // The first open after a start goes through Next.js, which loads the route and its handler.
  const u = await signUp(direct(), 'warm');
  const id = await submit(u);
  for (const base of [direct(), route()]) expect((await answer(base, events(id), bearer(u.token))).status).toBe(200);
}, 120_000);
afterAll(async () => {
  await routeWeb?.stop();
});
afterEach(async () => {
  for (const c of held.splice(0)) c.abort();
  for (const base of [direct(), route()]) {
    await waitUntil(async () => (await metric(base, 'shortplay_sse_streams_open')) === 0, {
      what: 'every stream closed',
      timeoutMs: 5_000,
    });
  }
});

describe('the direct open', () => {
  it('serves the first viewer after a start: the server loads the route when it starts listening', async () => {
    const web = await startWeb(stack.dbUrl, ENV);
    try {
      const u = await signUp(web.url, 'first');
      const id = await submit(u);
      // the warm-up open (401, through Next.js) has been answered
      await waitUntil(async () => (await opens(web.url)).next >= 1, { what: 'the warm-up open', timeoutMs: 10_000 });
      expect(await opens(web.url)).toEqual({ direct: 0, next: 1 });
      expect((await answer(web.url, events(id), bearer(u.token))).status).toBe(200);
      expect(await opens(web.url)).toEqual({ direct: 1, next: 1 });
    } finally {
      await web.stop();
    }
  }, 120_000);
});

describe('the direct open answers as the route does', () => {
  it('200 with a bearer token and with a session cookie', async () => {
    const u = await signUp(direct(), 'viewer');
    const id = await submit(u);
    const cookie = { cookie: await sessionCookie(direct(), u) };
    // behind a TLS proxy, as Next.js tells it, the answer carries HSTS
    for (const headers of [bearer(u.token), cookie, { ...bearer(u.token), 'x-forwarded-proto': 'https' }]) {
      const { fast, slow, path } = await both(events(id), headers);
      expect(path).toEqual({ direct: 1, next: 0 });
      expect(fast.status).toBe(200);
      expect(fast.headers).toEqual(slow.headers);
      expect(fast.body).toEqual(slow.body);
      expect(fast.body).toContain(id);
    }
    expect(
      (await answer(direct(), events(id), { ...bearer(u.token), 'x-forwarded-proto': 'https' })).headers,
    ).toContainEqual(['strict-transport-security', 'max-age=31536000; includeSubDomains']);
  });

  it('401 without, with an unknown and with a revoked token, and for a bad session cookie', async () => {
    const u = await signUp(direct(), 'refused');
    const id = await submit(u);
    const extra = await (await u.fetch('/api/tokens', json({ name: 'soon revoked' }))).json();
    // seen once (a kept answer), then revoked: refused at once all the same
    expect((await answer(direct(), events(id), bearer(extra.token))).status).toBe(200);
    expect((await u.fetch(`/api/tokens/${extra.id}`, { method: 'DELETE' })).status).toBe(204);
    const cases: Record<string, string>[] = [
      {},
      bearer('sp_unknown'),
      bearer(extra.token),
      { authorization: 'Basic dXNlcjpwYXNz' },
      { cookie: 'next-auth.session-token=forged' },
      { 'x-forwarded-proto': 'https' },
    ];
    for (const headers of cases) {
      const { fast, slow, path } = await both(events(id), headers);
      expect(path).toEqual({ direct: 1, next: 0 });
      expect(fast.status).toBe(401);
      expect(fast).toEqual(slow);
      expect(JSON.parse(fast.body).error.code).toBe('unauthorized');
    }
  });

  it("404 for another user's task, an unknown one, and NUL, emoji or overlong ids", async () => {
    const a = await signUp(direct(), 'owner');
    const b = await signUp(direct(), 'stranger');
    const id = await submit(a);
    for (const taskId of [id, 'task_01ARZ3NDEKTSV4RRFFQ69G5FAV', '%00', encodeURIComponent('😀'), 'x'.repeat(5000)]) {
      const { fast, slow, path } = await both(events(taskId), bearer(b.token));
      expect(path).toEqual({ direct: 1, next: 0 });
      expect(fast.status).toBe(404);
      expect(fast).toEqual(slow);
    }
  });

  it('a task id with a malformed escape is a 404 (Next.js itself answers it a 500)', async () => {
    const u = await signUp(direct(), 'escapes');
    const before = await opens(direct());
    const fast = await answer(direct(), '/api/tasks/%E0%A4%A/events', bearer(u.token));
    expect((await opens(direct())).direct).toBe(before.direct + 1);
    expect(fast.status).toBe(404);
    expect(JSON.parse(fast.body).error.code).toBe('not_found');
  });

  it('429 past the per-user cap, 503 past the process cap, with Retry-After', async () => {
    const a = await signUp(direct(), 'capped');
    const b = await signUp(direct(), 'filler');
    const ta = await submit(a);
    const tb = await submit(b);
    for (let i = 0; i < 2; i++) expect((await both(events(ta), bearer(a.token), true)).fast.status).toBe(200);
    const over = await both(events(ta), bearer(a.token));
    expect(over.path).toEqual({ direct: 1, next: 0 });
    expect(over.fast.status).toBe(429);
    expect(over.fast).toEqual(over.slow);
    expect(over.fast.headers).toContainEqual(['retry-after', '30']);
    for (let i = 0; i < 2; i++) expect((await both(events(tb), bearer(b.token), true)).fast.status).toBe(200);
    const full = await both(events(tb), bearer(b.token));
    expect(full.path).toEqual({ direct: 1, next: 0 });
    expect(full.fast.status).toBe(503);
    expect(full.fast).toEqual(full.slow);
    expect(full.fast.headers).toContainEqual(['retry-after', '5']);
  });

  it('a token revoked while its stream is open ends the stream within a heartbeat', async () => {
    const u = await signUp(direct(), 'revoked');
    const id = await submit(u);
    const extra = await (await u.fetch('/api/tokens', json({ name: 'viewer' }))).json();
    const before = await opens(direct());
    const ctl = new AbortController();
    held.push(ctl);
    const res = await fetch(`${direct()}${events(id)}`, { headers: bearer(extra.token), signal: ctl.signal });
    expect(res.status).toBe(200);
    expect((await opens(direct())).direct).toBe(before.direct + 1);
    const reader = res.body?.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const read = async (until: string) => {
      while (reader && !text.includes(until)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
    };
    await read('event: task');
    expect((await u.fetch(`/api/tokens/${extra.id}`, { method: 'DELETE' })).status).toBe(204);
    const t0 = Date.now();
    await read('access_revoked');
    expect(text).toContain('access_revoked');
    expect(Date.now() - t0).toBeLessThan(2_500);
  });

  it('malformed requests get a 4xx from both, never a 500', async () => {
    const u = await signUp(direct(), 'malformed');
    const id = await submit(u);
    const requests = [
      // a token with bytes outside ASCII, a NUL in a header, and a raw (unescaped) emoji in the path
      `GET ${events(id)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe${u.token}\r\n\r\n`,
      `GET ${events(id)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${u.token}\0\r\n\r\n`,
      Buffer.from(`GET /api/tasks/😀/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${u.token}\r\n\r\n`),
    ];
    for (const raw of requests) {
      const what = raw.toString();
      const fast = await rawStatus(direct(), raw);
      const slow = await rawStatus(route(), raw);
      expect(fast, what).toBeGreaterThanOrEqual(400);
      expect(fast, what).toBeLessThan(500);
      expect(fast, what).toBe(slow);
    }
    // Node keeps the first of two Authorization headers, for both paths alike
    const twice = `GET ${events(id)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${u.token}\r\nAuthorization: Bearer x\r\n\r\n`;
    expect(await rawStatus(direct(), twice)).toBe(await rawStatus(route(), twice));
  });
});

/** The status line's code of a hand-written request (a string is sent as latin1 bytes). */
function rawStatus(base: string, request: string | Buffer): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () =>
      socket.write(typeof request === 'string' ? Buffer.from(request, 'latin1') : request),
    );
    let got = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      got += d;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) {
        resolve(Number(m[1]));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(got)?.[1] ?? 0)));
    socket.setTimeout(10_000, () => socket.destroy());
  });
}
