// Re-runs go through the active-task limit like submits; cancels and re-runs have rate limits of
// their own; a user over a limit is answered before the body of a submit is read.
import { describe, expect, it } from 'vitest';
import { json, signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';

const stack = stackForFile({
  workers: 0,
  env: {
    MAX_ACTIVE_TASKS: '2',
    SUBMIT_RATE_PER_MINUTE: '100',
    CANCEL_RATE_PER_MINUTE: '4',
    RETRY_RATE_PER_MINUTE: '2',
  },
});

const submit = async (u: TestUser, n: number): Promise<string> => {
  const res = await u.fetch('/api/tasks', json({ novel_content: `第一章\n阿Q说：“第${n}回。”` }));
  expect(res.status).toBe(202);
  return (await res.json()).task_id;
};
const post = (u: TestUser, id: string, action: 'cancel' | 'retry') =>
  u.fetch(`/api/tasks/${id}/${action}`, { method: 'POST' });
const statusOf = async (id: string) =>
  (await stack.sql<{ status: string }>('SELECT status FROM script_tasks WHERE id = $1', [id]))[0]?.status;

describe('re-run and cancel limits', () => {
  it('a re-run over the active-task limit → 429 active_task_limit, the task stays as it was', async () => {
    const u = await signUp(stack.web.url, 'rerun');
    const a = await submit(u, 1);
    const b = await submit(u, 2);
    expect((await post(u, a, 'cancel')).status).toBe(200);
    expect((await post(u, b, 'cancel')).status).toBe(200);
    await submit(u, 3);
    const d = await submit(u, 4); // two waiting: the limit
    const over = await post(u, a, 'retry');
    expect(over.status).toBe(429);
    expect((await over.json()).error.code).toBe('active_task_limit');
    expect(over.headers.get('retry-after')).toBeTruthy();
    expect(await statusOf(a)).toBe('cancelled');
    const [active] = await stack.sql<{ n: number }>(
      "SELECT count(*)::int AS n FROM script_tasks WHERE user_id = $1 AND status IN ('pending', 'processing')",
      [u.id],
    );
    expect(active?.n).toBe(2);
    expect((await post(u, d, 'cancel')).status).toBe(200);
    expect((await post(u, a, 'retry')).status).toBe(200);
    expect(await statusOf(a)).toBe('pending');
  });

  it('the fifth cancel and the third re-run within a minute → 429 rate_limited', async () => {
    const u = await signUp(stack.web.url, 'busy-hands');
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) ids.push(await submit(u, i));
    for (const id of ids) expect((await post(u, id, 'cancel')).status).toBe(200);
    for (const id of ids) expect((await post(u, id, 'retry')).status).toBe(200);
    for (const id of ids) expect((await post(u, id, 'cancel')).status).toBe(200);
    const third = await post(u, ids[0] as string, 'retry');
    expect(third.status).toBe(429);
    expect((await third.json()).error.code).toBe('rate_limited');
    const fifth = await post(u, await submit(u, 9), 'cancel');
    expect(fifth.status).toBe(429);
    expect(Number(fifth.headers.get('retry-after'))).toBeGreaterThan(0);
    // another user is not affected
    const v = await signUp(stack.web.url, 'calm');
    expect((await post(v, await submit(v, 1), 'cancel')).status).toBe(200);
  });

  it('a user at the active-task limit is answered before the body is read', async () => {
    const u = await signUp(stack.web.url, 'uploader');
    await submit(u, 1);
    await submit(u, 2);
    // A body that announces 5 MB and never ends: only a server that does not read it can answer.
    let pull = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pull++ === 0) controller.enqueue(new TextEncoder().encode('{"novel_content": "'));
        return new Promise(() => undefined);
      },
    });
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), 10_000);
    const res = await fetch(`${stack.web.url}/api/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
      body,
      duplex: 'half',
      signal: ctl.signal,
    } as RequestInit);
    clearTimeout(timer);
    expect(res.status).toBe(429);
    expect((await res.json()).error.code).toBe('active_task_limit');
    ctl.abort();
  });
});

describe('task history', () => {
  it('pages through every event, the newest included, instead of cutting at 1,000', async () => {
    const u = await signUp(stack.web.url, 'historian');
    const id = await submit(u, 1);
    await stack.sql(
      `INSERT INTO task_events (task_id, kind, data, created_at)
       SELECT $1, 'stage_started', jsonb_build_object('n', i), now() + i * interval '1 millisecond'
       FROM generate_series(1, 1200) i`,
      [id],
    );
    const seen: { kind: string; data: { n?: number } }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `?limit=500&cursor=${cursor}` : '?limit=500';
      const res = await u.fetch(`/api/tasks/${id}/history${q}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as {
        events: { kind: string; data: { n?: number } }[];
        next_cursor: string | null;
      };
      seen.push(...page.events);
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(1201);
    expect(seen[0]?.kind).toBe('created');
    expect(seen.at(-1)?.data.n).toBe(1200);
    expect((await u.fetch(`/api/tasks/${id}/history?cursor=nonsense`)).status).toBe(422);
    expect((await u.fetch(`/api/tasks/${id}/history?limit=5000`)).status).toBe(422);
  });
});
