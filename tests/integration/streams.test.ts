// Live streams: a per-user and a per-process cap of open streams (429 / 503 with Retry-After), and
// a stream whose token is revoked or whose session ends is closed within a heartbeat.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type SseMessage, SseParser } from '../../lib/client';
import { json, signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { sessionCookie, signOut } from '../helpers/session';
import { waitUntil } from '../helpers/wait';

const PER_USER = 3;
const PER_PROCESS = 5;
const stack = stackForFile({
  workers: 0,
  env: { SSE_MAX_PER_USER: String(PER_USER), SSE_MAX_PER_PROCESS: String(PER_PROCESS), SSE_HEARTBEAT_SECONDS: '1' },
});

interface Open {
  res: Response;
  /** Messages until the stream ends (or `ms` pass). */
  until(pred: (m: SseMessage) => boolean, ms?: number): Promise<SseMessage | null>;
  close(): void;
}
const opened: Open[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

async function open(taskId: string, headers: Record<string, string>): Promise<Open> {
  const ctl = new AbortController();
  const res = await fetch(`${stack.web.url}/api/tasks/${taskId}/events`, { headers, signal: ctl.signal });
  const parser = new SseParser();
  const reader = res.status === 200 ? res.body?.getReader() : undefined;
  const o: Open = {
    res,
    async until(pred, ms = 10_000) {
      const deadline = Date.now() + ms;
      const decoder = new TextDecoder();
      while (reader && Date.now() < deadline) {
        const t = setTimeout(() => ctl.abort(), deadline - Date.now());
        const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
        clearTimeout(t);
        if (chunk.done) return null;
        for (const m of parser.push(decoder.decode(chunk.value, { stream: true }))) if (pred(m)) return m;
      }
      return null;
    },
    close: () => ctl.abort(),
  };
  opened.push(o);
  return o;
}

const submit = async (u: TestUser) => {
  const res = await u.fetch('/api/tasks', json({ novel_content: '第一章\n阿Q说：“看着我。”' }));
  return (await res.json()).task_id as string;
};
const bearer = (u: TestUser) => ({ authorization: `Bearer ${u.token}` });

describe('stream caps', () => {
  it('one user past its cap → 429 too_many_streams with Retry-After; the process past its cap → 503', async () => {
    const a = await signUp(stack.web.url, 'watcher');
    const b = await signUp(stack.web.url, 'other');
    const ta = await submit(a);
    const tb = await submit(b);
    for (let i = 0; i < PER_USER; i++) expect((await open(ta, bearer(a))).res.status).toBe(200);
    const over = await open(ta, bearer(a));
    expect(over.res.status).toBe(429);
    expect(over.res.headers.get('retry-after')).toBeTruthy();
    expect((await over.res.json()).error.code).toBe('too_many_streams');
    // another user still gets streams, until the process is full
    expect((await open(tb, bearer(b))).res.status).toBe(200);
    expect((await open(tb, bearer(b))).res.status).toBe(200);
    const full = await open(tb, bearer(b));
    expect(full.res.status).toBe(503);
    expect(full.res.headers.get('retry-after')).toBeTruthy();
    expect((await full.res.json()).error.code).toBe('server_busy');
    // closing a stream frees its place
    opened[0]?.close();
    const again = await waitUntil(
      async () => {
        const o = await open(ta, bearer(a));
        if (o.res.status === 200) return o;
        await o.res.body?.cancel();
        return null;
      },
      { what: 'a place freed by the closed stream', timeoutMs: 5_000 },
    );
    expect(again.res.status).toBe(200);
  });
});

describe('access ends the stream', () => {
  it('a revoked token ends its stream within a heartbeat', async () => {
    const u = await signUp(stack.web.url, 'revoker');
    const id = await submit(u);
    const extra = await (await u.fetch('/api/tokens', json({ name: 'viewer' }))).json();
    const stream = await open(id, { authorization: `Bearer ${extra.token}` });
    expect(stream.res.status).toBe(200);
    expect(await stream.until((m) => m.event === 'task')).toBeTruthy();
    expect((await u.fetch(`/api/tokens/${extra.id}`, { method: 'DELETE' })).status).toBe(204);
    const t0 = Date.now();
    const end = await stream.until((m) => m.event === 'end', 5_000);
    expect(end?.data).toContain('access_revoked');
    expect(Date.now() - t0).toBeLessThan(2_500);
  });

  it('signing out ends a cookie stream within a heartbeat', async () => {
    const u = await signUp(stack.web.url, 'leaver');
    const id = await submit(u);
    const cookie = await sessionCookie(stack.web.url, u);
    const stream = await open(id, { cookie });
    expect(stream.res.status).toBe(200);
    expect(await stream.until((m) => m.event === 'task')).toBeTruthy();
    await signOut(stack.web.url, cookie);
    const end = await stream.until((m) => m.event === 'end', 5_000);
    expect(end?.data).toContain('access_revoked');
  });
});

describe('the stream outside Next.js', () => {
  it('is answered with the API headers and a request id, and carries the task', async () => {
    const u = await signUp(stack.web.url, 'headers');
    const id = await submit(u);
    const stream = await open(id, { ...bearer(u), 'x-request-id': 'stream-request-0001' });
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.res.headers.get('x-request-id')).toBe('stream-request-0001');
    expect(stream.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(stream.res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect((await stream.until((m) => m.event === 'task'))?.data).toContain(id);
    // the cancel reaches the stream as its last state, then the stream ends
    expect((await u.fetch(`/api/tasks/${id}/cancel`, { method: 'POST' })).status).toBeLessThan(300);
    let cancelled = false;
    const end = await stream.until((m) => {
      if (m.event === 'task' && m.data.includes('"cancelled"')) cancelled = true;
      return m.event === 'end';
    });
    expect(end).toBeTruthy();
    expect(cancelled).toBe(true);
  });

  it('the web server listens with the kernel’s accept backlog, not Node’s 511', () => {
    const port = new URL(stack.web.url).port;
    const line =
      execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' })
        .trim()
        .split('\n')[0] ?? '';
    const backlog = Number(line.trim().split(/\s+/)[2]);
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    expect(backlog).toBe(Math.min(65_535, somaxconn));
    expect(backlog).toBeGreaterThan(511);
  });
});
