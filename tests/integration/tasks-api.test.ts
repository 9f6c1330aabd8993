// The task API end to end on real processes: submit → worker → result, reads, idempotency,
// ownership and tokens.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NotFoundError } from '../../lib/client';
import { ScriptResult } from '../../lib/pipeline/schema';
import { isoDuration } from '../../lib/tasks/estimate';
import { TaskInfo } from '../../lib/tasks/schema';
import { json, signUp } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';

const aq = readFileSync('tests/fixtures/a-q-zhengzhuan.zh.txt', 'utf8');
const stack = stackForFile({ workers: 1 });

describe('submit and complete', () => {
  it('answers 202 with a pending TaskInfo and a Location, then completes with a valid script', async () => {
    const user = await signUp(stack.web.url);
    const res = await user.fetch('/api/tasks', json({ novel_content: aq, title: '阿Q正传', options: { episodes: 6 } }));
    expect(res.status).toBe(202);
    const task = TaskInfo.parse(await res.json());
    expect(res.headers.get('location')).toBe(`/api/tasks/${task.task_id}`);
    expect(task.task_id).toMatch(/^task_[0-9A-Z]{26}$/);
    expect(task.status).toBe('pending');
    expect(task.progress).toBe(0);
    expect(task.message).toMatch(/排队/);
    // The seed's type: an ISO 8601 duration, with the same estimate as a number beside it.
    expect(task.estimated_time).toMatch(/^PT(\d+H)?(\d+M)?(\d+S)?$/);
    expect(task.estimated_seconds).toBeGreaterThan(0);
    expect(task.estimated_time).toBe(isoDuration(task.estimated_seconds ?? -1));
    expect(task.novel_content_length).toBe([...aq].length);
    expect(task.options).toMatchObject({ episodes: 6, language: 'zh', model: 'offline' });

    const seen: number[] = [];
    const done = await user.client.waitForTaskCompletion(task.task_id, (t) => seen.push(t.progress), {
      timeoutMs: 30_000,
    });
    expect(done.status).toBe('completed');
    expect(done.progress).toBe(100);
    expect(seen).toEqual([...seen].sort((a, b) => a - b)); // never goes down
    const result = ScriptResult.parse(done.result);
    expect(result.episodes).toHaveLength(6);
    expect(result.engine).toEqual({ name: 'offline', model: null });

    const again = TaskInfo.parse(await (await user.fetch(`/api/tasks/${task.task_id}`)).json());
    expect(again.result?.episodes).toHaveLength(6);
    expect(again.started_at).not.toBeNull();
    expect(again.finished_at).not.toBeNull();

    const rows = await stack.sql<{ kind: string }>('SELECT kind FROM task_events WHERE task_id = $1 ORDER BY id', [
      task.task_id,
    ]);
    const kinds = rows.map((r) => r.kind);
    expect(kinds[0]).toBe('created');
    expect(kinds[1]).toBe('started');
    expect(kinds).toContain('stage_started');
    expect(kinds.at(-1)).toBe('completed');
  });

  it('options.language takes BCP 47 tags as a browser sends them and stores the language they name', async () => {
    const user = await signUp(stack.web.url);
    for (const [tag, language] of [
      ['zh-CN', 'zh'],
      ['zh-Hant-TW', 'zh'],
      ['en-US', 'en'],
      ['en_GB', 'en'],
    ] as const) {
      const res = await user.fetch(
        '/api/tasks',
        json({ novel_content: aq.slice(0, 2000), options: { language: tag } }),
      );
      expect(res.status, tag).toBe(202);
      expect(TaskInfo.parse(await res.json()).options.language).toBe(language);
    }
    // The typed client sends a tag the same way.
    const viaClient = await user.client.submitScriptGenerationTask(aq.slice(0, 2000), { language: 'zh-Hans' });
    expect(viaClient.options.language).toBe('zh');
  });

  it('lists newest first without inputs or results, with status filter, search and cursor', async () => {
    const user = await signUp(stack.web.url);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await user.client.submitScriptGenerationTask(`第一章 开端\n\n“你好，”阿Q说。故事 ${i}。`, {
        title: `Story ${i}`,
      });
      ids.push(t.task_id);
    }
    for (const id of ids) await user.client.waitForTaskCompletion(id, undefined, { timeoutMs: 30_000 });
    const page1 = await (await user.fetch('/api/tasks?limit=2')).json();
    expect(page1.tasks.map((t: TaskInfo) => t.task_id)).toEqual([ids[4], ids[3]]);
    expect(page1.tasks[0].result).toBeUndefined();
    expect(page1.tasks[0]).not.toHaveProperty('novel_content');
    const page2 = await (await user.fetch(`/api/tasks?limit=2&cursor=${page1.next_cursor}`)).json();
    expect(page2.tasks.map((t: TaskInfo) => t.task_id)).toEqual([ids[2], ids[1]]);
    const page3 = await (await user.fetch(`/api/tasks?limit=2&cursor=${page2.next_cursor}`)).json();
    expect(page3.tasks.map((t: TaskInfo) => t.task_id)).toEqual([ids[0]]);
    expect(page3.next_cursor).toBeNull();

    const search = await (await user.fetch('/api/tasks?q=story%203')).json();
    expect(search.tasks.map((t: TaskInfo) => t.task_id)).toEqual([ids[3]]);
    const byId = await (await user.fetch(`/api/tasks?q=${ids[1]}`)).json();
    expect(byId.tasks.map((t: TaskInfo) => t.task_id)).toEqual([ids[1]]);
    const completed = await (await user.fetch('/api/tasks?status=completed&limit=100')).json();
    expect(completed.tasks).toHaveLength(5);
    const failed = await (await user.fetch('/api/tasks?status=failed')).json();
    expect(failed.tasks).toHaveLength(0);
  });
});

describe('idempotency', () => {
  it('same key and body → the same task (200); same key, other body → 409; one row only', async () => {
    const user = await signUp(stack.web.url);
    const body = { novel_content: '第一章\n\n阿Q说：“我是阿Q。”', title: 'idem' };
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'batch-42' };
    const first = await user.fetch('/api/tasks', { method: 'POST', headers, body: JSON.stringify(body) });
    expect(first.status).toBe(202);
    const second = await user.fetch('/api/tasks', { method: 'POST', headers, body: JSON.stringify(body) });
    expect(second.status).toBe(200);
    expect((await second.json()).task_id).toBe((await first.json()).task_id);
    const other = await user.fetch('/api/tasks', {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...body, title: 'x' }),
    });
    expect(other.status).toBe(409);
    expect((await other.json()).error.code).toBe('idempotency_conflict');
    const rows = await stack.sql('SELECT id FROM script_tasks WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(1);
  });

  it('concurrent submits with one key create exactly one task', async () => {
    const user = await signUp(stack.web.url);
    const headers = { 'content-type': 'application/json', 'idempotency-key': 'race' };
    const body = JSON.stringify({ novel_content: 'Chapter 1\n\n"Hello," said Alice.' });
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => user.fetch('/api/tasks', { method: 'POST', headers, body })),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).task_id)));
    expect(ids.size).toBe(1);
    const jobs = await stack.sql("SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'task_id' = $1", [
      [...ids][0],
    ]);
    expect(jobs[0]).toEqual({ n: 1 });
  });
});

describe('ownership and credentials', () => {
  it("another user's task is a 404 everywhere; missing or bad credentials are 401", async () => {
    const alice = await signUp(stack.web.url, 'alice');
    const bob = await signUp(stack.web.url, 'bob');
    const task = await alice.client.submitScriptGenerationTask('Chapter 1\n\n"Hi," said Alice.');
    for (const [method, path] of [
      ['GET', `/api/tasks/${task.task_id}`],
      ['GET', `/api/tasks/${task.task_id}/events`],
      ['GET', `/api/tasks/${task.task_id}/history`],
      ['POST', `/api/tasks/${task.task_id}/cancel`],
      ['POST', `/api/tasks/${task.task_id}/retry`],
    ] as const) {
      const res = await bob.fetch(path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
    await expect(bob.client.queryTaskStatus(task.task_id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await bob.fetch('/api/tasks')).status).toBe(200);
    expect((await (await bob.fetch('/api/tasks')).json()).tasks).toHaveLength(0);

    const anon = await fetch(`${stack.web.url}/api/tasks/${task.task_id}`);
    expect(anon.status).toBe(401);
    expect((await anon.json()).error.code).toBe('unauthorized');
    const bad = await fetch(`${stack.web.url}/api/tasks`, { headers: { authorization: 'Bearer sp_nope' } });
    expect(bad.status).toBe(401);
    const unknown = await alice.fetch('/api/tasks/task_00000000000000000000000000');
    expect(unknown.status).toBe(404);
  });

  it('tokens: created once, listed without the secret, revoked tokens stop working', async () => {
    const user = await signUp(stack.web.url);
    const created = await user.fetch('/api/tokens', json({ name: 'batch' }));
    expect(created.status).toBe(201);
    const { token, id, prefix } = await created.json();
    expect(token).toMatch(/^sp_/);
    expect(token.startsWith(prefix)).toBe(true);
    const list = await (await user.fetch('/api/tokens')).json();
    expect(list.tokens.map((t: { id: string }) => t.id)).toContain(id);
    expect(JSON.stringify(list)).not.toContain(token);
    const [row] = await stack.sql<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
    expect(row?.token_hash).not.toContain(token);
    const ok = await fetch(`${stack.web.url}/api/tasks`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect((await user.fetch(`/api/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    const revoked = await fetch(`${stack.web.url}/api/tasks`, { headers: { authorization: `Bearer ${token}` } });
    expect(revoked.status).toBe(401);
    const wrongPassword = await fetch(
      `${stack.web.url}/api/tokens`,
      json({ email: user.email, password: 'nope-nope', name: 'x' }),
    );
    expect(wrongPassword.status).toBe(401);
  });

  it('sign-up: a taken email (any case) answers like a new one, and the account stays as it was', async () => {
    const user = await signUp(stack.web.url);
    const fresh = await fetch(
      `${stack.web.url}/api/users`,
      json({ email: `new-${user.email}`, password: 'a password!' }),
    );
    const res = await fetch(
      `${stack.web.url}/api/users`,
      json({ email: user.email.toUpperCase(), password: 'another password' }),
    );
    expect(res.status).toBe(fresh.status);
    const [a, b] = [await fresh.json(), await res.json()];
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    expect(b.id).not.toBe(user.id);
    expect(b.email).toBe(user.email);
    // the owner's password still works, the other one does not
    expect(
      (await fetch(`${stack.web.url}/api/tokens`, json({ name: 'x', email: user.email, password: user.password })))
        .status,
    ).toBe(201);
    const other = await fetch(
      `${stack.web.url}/api/tokens`,
      json({ name: 'x', email: user.email, password: 'another password' }),
    );
    expect(other.status).toBe(401);
    expect(await stack.sql('SELECT 1 FROM users WHERE email = $1', [user.email])).toHaveLength(1);
  });
});

describe('health', () => {
  it('tells anyone only whether it works; no hostnames, pids or versions', async () => {
    const res = await fetch(`${stack.web.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, status: 'ok' });
    const user = await signUp(stack.web.url, 'curious');
    expect(await (await user.fetch('/api/health')).json()).toEqual({ ok: true, status: 'ok' });
  });

  it('reports the database, the queue and the live worker to an admin', async () => {
    const admin = await signUp(stack.web.url, 'admin');
    await stack.sql("UPDATE users SET role = 'admin' WHERE id = $1", [admin.id]);
    const res = await admin.fetch('/api/health');
    expect(res.status).toBe(200);
    const health = await res.json();
    expect(health.database.ok).toBe(true);
    expect(health.queue.ok).toBe(true);
    expect(health.live_workers).toBeGreaterThanOrEqual(1);
    expect(health.workers[0].last_heartbeat).toBeTruthy();
  });
});
