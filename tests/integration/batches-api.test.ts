// The batch API against the real web and worker processes: submit (JSON and multipart in four
// encodings), live events, zip download, cancel, retry, idempotency, limits, ownership and bad
// input — a bad request writes nothing.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { BatchCreated, BatchInfo } from '../../lib/tasks/batch-schema';
import { json, signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { collectStream } from '../helpers/sse';
import { waitUntil } from '../helpers/wait';

const stack = stackForFile({
  workers: 1,
  env: { MAX_ACTIVE_TASKS: '8', SUBMIT_RATE_PER_MINUTE: '1000', SSE_HEARTBEAT_SECONDS: '1' },
  workerEnv: { WORKER_CONCURRENCY: '4', OFFLINE_ENGINE_DELAY_MS: '20' },
});

const novel = (name: string) =>
  `第一章 ${name}\n\n阿Q说：“我们先前比你阔多啦！”赵太爷骂道：“你也配姓赵！”🙂\n\n第二章\n\n小D说：“${name}。”\n`;

async function submitJson(user: TestUser, body: unknown, headers: Record<string, string> = {}) {
  const init = json(body);
  return user.fetch('/api/batches', { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } });
}

async function getBatch(user: TestUser, id: string): Promise<BatchInfo> {
  const res = await user.fetch(`/api/batches/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as BatchInfo;
}

const waitForBatch = (user: TestUser, id: string, pred: (b: BatchInfo) => boolean, what: string) =>
  waitUntil(
    async () => {
      const b = await getBatch(user, id);
      return pred(b) ? b : null;
    },
    { what, timeoutMs: 45_000, intervalMs: 200 },
  );

async function rowsOf(userId: string) {
  const [row] = await stack.sql<{ batches: number; tasks: number; jobs: number }>(
    `SELECT (SELECT count(*)::int FROM task_batches WHERE user_id = $1) AS batches,
            (SELECT count(*)::int FROM script_tasks WHERE user_id = $1) AS tasks,
            (SELECT count(*)::int FROM pgboss.job WHERE name = 'generate-script' AND group_id = $1::text) AS jobs`,
    [userId],
  );
  return row;
}

describe('POST /api/batches', () => {
  it('JSON: 202 with the batch and its tasks; live events to the end; a zip with one file per task', async () => {
    const user = await signUp(stack.web.url);
    const res = await submitJson(user, {
      tasks: [
        { novel_content: novel('一'), title: '一号 🙂' },
        { novel_content: novel('二') },
        { novel_content: novel('三') },
      ],
      options: { episodes: 2 },
    });
    expect(res.status).toBe(202);
    const created = (await res.json()) as BatchCreated;
    expect(created.batch_id).toMatch(/^batch_[0-9A-Z]{26}$/);
    expect(created.task_ids).toHaveLength(3);
    expect(res.headers.get('location')).toBe(`/api/batches/${created.batch_id}`);

    const { messages, ended } = await collectStream(
      `${stack.web.url}/api/batches/${created.batch_id}/events`,
      user.token,
      { timeoutMs: 45_000 },
    );
    expect(ended).toBe(true);
    const states = messages.filter((m) => m.msg.event === 'batch').map((m) => JSON.parse(m.msg.data) as BatchInfo);
    expect(states.length).toBeGreaterThan(1);
    for (let i = 1; i < states.length; i++) {
      expect(states[i]?.progress).toBeGreaterThanOrEqual(states[i - 1]?.progress ?? 0);
    }
    const last = states.at(-1) as BatchInfo;
    expect(last).toMatchObject({ status: 'completed', progress: 100, total: 3 });
    expect(last.counts).toEqual({ pending: 0, processing: 0, completed: 3, failed: 0, cancelled: 0 });
    expect(last.tasks?.map((t) => t.task_id)).toEqual(created.task_ids);
    expect(last.tasks?.[0]?.title).toBe('一号 🙂');
    expect(last.tasks?.every((t) => t.options.episodes === 2)).toBe(true);

    const zip = await user.fetch(`/api/batches/${created.batch_id}/result?format=txt`);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    const names = Object.keys(files).sort();
    expect(names).toHaveLength(4);
    expect(names).toContain('manifest.json');
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { tasks: { file: string }[] };
    expect(manifest.tasks.map((t) => t.file)).toEqual(names.filter((n) => n !== 'manifest.json'));
    const first = names.find((n) => n.startsWith('1-')) as string;
    expect(new TextDecoder().decode(files[first])).toContain('第1集');

    const listed = (await (await user.fetch('/api/batches')).json()) as { batches: BatchInfo[] };
    expect(listed.batches.map((b) => b.batch_id)).toEqual([created.batch_id]);
    const task = (await (await user.fetch(`/api/tasks/${created.task_ids[0]}`)).json()) as { batch_id: string };
    expect(task.batch_id).toBe(created.batch_id);
  });

  it('multipart: UTF-8, UTF-16, GB18030 and Big5 files, titled from their names or the titles field', async () => {
    const user = await signUp(stack.web.url);
    const zh = '第一章\n\n阿Q说：“我们先前比你阔多啦！”他们都笑了。\n';
    const big5Text = '第一章 阿Q正傳\n阿Q說：“我們先前比你闊多啦！”趙太爺罵道：“你也配姓趙！”他們都笑了。';
    // biome-ignore format: bytes
    const big5 = new Uint8Array([178,196,164,64,179,185,32,170,252,81,165,191,182,199,10,170,252,81,187,161,161,71,161,167,167,218,173,204,165,253,171,101,164,241,167,65,193,239,166,104,176,213,161,73,161,168,187,175,164,211,183,221,189,124,185,68,161,71,161,167,167,65,164,93,176,116,169,109,187,175,161,73,161,168,165,76,173,204,179,163,175,186,164,70,161,67]);
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(new Uint16Array([...zh].map((c) => c.charCodeAt(0))).buffer),
    ]);
    // 第一章 他们说 in GB18030
    const gb = new Uint8Array([0xb5, 0xda, 0xd2, 0xbb, 0xd5, 0xc2, 0x20, 0xcb, 0xfb, 0xc3, 0xc7, 0xcb, 0xb5]);
    const form = new FormData();
    form.append('files', new Blob([new TextEncoder().encode(zh)]), '阿Q正传.txt');
    form.append('titles', '');
    form.append('files', new Blob([utf16]), 'utf16.txt');
    form.append('titles', '十六位');
    form.append('files', new Blob([gb]), '他们.gb18030.txt');
    form.append('titles', '');
    form.append('files', new Blob([big5]), '正傳.big5.txt');
    form.append('options', JSON.stringify({ episodes: 1 }));
    const res = await user.fetch('/api/batches', { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const { task_ids } = (await res.json()) as BatchCreated;
    const rows = await stack.sql<{ title: string; content: string }>(
      `SELECT t.title, i.content FROM script_tasks t JOIN task_inputs i ON i.task_id = t.id
       WHERE t.id = ANY($1) ORDER BY t.id`,
      [task_ids],
    );
    expect(rows).toEqual([
      { title: '阿Q正传', content: zh },
      { title: '十六位', content: zh },
      { title: '他们', content: '第一章 他们说' },
      { title: '正傳', content: big5Text },
    ]);
  });

  it('an Idempotency-Key replays the same batch (200) and refuses another body (409)', async () => {
    const user = await signUp(stack.web.url);
    const body = { tasks: [{ novel_content: novel('重') }] };
    const first = await submitJson(user, body, { 'idempotency-key': 'batch-1' });
    expect(first.status).toBe(202);
    const again = await submitJson(user, body, { 'idempotency-key': 'batch-1' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    const other = await submitJson(user, { tasks: [{ novel_content: novel('别') }] }, { 'idempotency-key': 'batch-1' });
    expect(other.status).toBe(409);
    expect(await rowsOf(user.id)).toEqual({ batches: 1, tasks: 1, jobs: 1 });
  });

  it('counts against the active-task limit as a whole: over it, 429 and nothing written', async () => {
    const user = await signUp(stack.web.url);
    const tasks = Array.from({ length: 9 }, (_, i) => ({ novel_content: novel(String(i)) }));
    const res = await submitJson(user, { tasks });
    expect(res.status).toBe(429);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('active_task_limit');
    expect(body.error.message).toMatch(/limit 8/);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(await rowsOf(user.id)).toEqual({ batches: 0, tasks: 0, jobs: 0 });
  });

  const bad: { name: string; status: number; field?: string; body: unknown; type?: string }[] = [
    { name: 'no tasks', status: 422, field: 'tasks', body: { tasks: [] } },
    {
      name: 'over 100 tasks',
      status: 422,
      field: 'tasks',
      body: { tasks: Array.from({ length: 101 }, () => ({ novel_content: 'x' })) },
    },
    {
      name: 'NUL in the third novel',
      status: 422,
      field: 'tasks.2.novel_content',
      body: { tasks: [{ novel_content: novel('a') }, { novel_content: novel('b') }, { novel_content: 'a\u0000b' }] },
    },
    {
      name: 'a lone surrogate at the cut point',
      status: 422,
      field: 'tasks.1.novel_content',
      body: { tasks: [{ novel_content: novel('a') }, { novel_content: `${novel('b')}\ud83d` }] },
    },
    { name: 'empty novel', status: 422, field: 'tasks.0.novel_content', body: { tasks: [{ novel_content: '  ' }] } },
    { name: 'unknown field', status: 422, field: 'tasks.0.text', body: { tasks: [{ text: 'x', novel_content: 'x' }] } },
    {
      name: 'unknown model',
      status: 422,
      body: { tasks: [{ novel_content: novel('a') }], options: { model: 'gpt-9' } },
    },
    {
      name: 'priority out of range',
      status: 422,
      field: 'priority',
      body: { tasks: [{ novel_content: 'x' }], priority: 11 },
    },
    { name: 'not JSON', status: 415, body: 'tasks', type: 'text/plain' },
  ];

  for (const c of bad) {
    it(`refuses ${c.name} with ${c.status} and writes nothing`, async () => {
      const user = await signUp(stack.web.url);
      const res = await user.fetch('/api/batches', {
        method: 'POST',
        headers: { 'content-type': c.type ?? 'application/json' },
        body: typeof c.body === 'string' ? c.body : JSON.stringify(c.body),
      });
      expect(res.status).toBe(c.status);
      const body = (await res.json()) as { error: { code: string; message: string; field?: string } };
      expect(body.error.message).toBeTruthy();
      if (c.field) expect(body.error.field).toBe(c.field);
      expect(await rowsOf(user.id)).toEqual({ batches: 0, tasks: 0, jobs: 0 });
    });
  }

  it('refuses a multipart upload without files or with broken options, writing nothing', async () => {
    const user = await signUp(stack.web.url);
    const empty = new FormData();
    empty.append('options', '{}');
    const none = await user.fetch('/api/batches', { method: 'POST', body: empty });
    expect(none.status).toBe(422);
    expect(((await none.json()) as { error: { field: string } }).error.field).toBe('files');
    const broken = new FormData();
    broken.append('files', new Blob(['第一章\n阿Q。']), 'a.txt');
    broken.append('options', '{episodes:');
    const res = await user.fetch('/api/batches', { method: 'POST', body: broken });
    expect(res.status).toBe(422);
    expect(await rowsOf(user.id)).toEqual({ batches: 0, tasks: 0, jobs: 0 });
  });
});

describe('a batch after submit', () => {
  it("is another user's 404 on every route", async () => {
    const alice = await signUp(stack.web.url);
    const bob = await signUp(stack.web.url);
    const res = await submitJson(alice, { tasks: [{ novel_content: novel('私') }] });
    const { batch_id } = (await res.json()) as BatchCreated;
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/events'],
      ['GET', '/result'],
      ['POST', '/cancel'],
      ['POST', '/retry'],
    ] as const) {
      const r = await bob.fetch(`/api/batches/${batch_id}${path}`, { method });
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await bob.fetch('/api/batches/batch_nonsense')).status).toBe(404);
    expect(((await (await bob.fetch('/api/batches')).json()) as { batches: unknown[] }).batches).toEqual([]);
  });

  it('cancel stops every waiting or running task; retry re-runs only the failed and cancelled ones', async () => {
    const user = await signUp(stack.web.url);
    const done = await submitJson(user, { tasks: [{ novel_content: novel('完') }] });
    const doneBatch = (await done.json()) as BatchCreated;
    await waitForBatch(user, doneBatch.batch_id, (b) => b.status === 'completed', 'the first batch to complete');
    expect((await user.fetch(`/api/batches/${doneBatch.batch_id}/result?format=md`)).status).toBe(200);

    const long = Array.from({ length: 6 }, (_, i) => `第${i + 1}章\n\n${novel(String(i))}`).join('\n');
    const res = await submitJson(user, { tasks: Array.from({ length: 5 }, () => ({ novel_content: long })) });
    const { batch_id, task_ids } = (await res.json()) as BatchCreated;
    const zipTooEarly = await user.fetch(`/api/batches/${batch_id}/result`);
    expect([409, 200]).toContain(zipTooEarly.status);
    const cancel = await user.fetch(`/api/batches/${batch_id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(200);
    const cancelled = await waitForBatch(
      user,
      batch_id,
      (b) => b.counts.pending === 0 && b.counts.processing === 0,
      'every task of the batch to stop',
    );
    expect(cancelled.counts.cancelled).toBeGreaterThan(0);

    const retry = await user.fetch(`/api/batches/${batch_id}/retry`, { method: 'POST' });
    expect(retry.status).toBe(200);
    const retried = (await retry.json()) as BatchInfo;
    const wasCancelled = new Set(cancelled.tasks?.filter((t) => t.status === 'cancelled').map((t) => t.task_id));
    for (const t of retried.tasks ?? []) {
      if (wasCancelled.has(t.task_id)) expect(t.attempts).toBe(2);
      else expect(t.attempts).toBe(1); // it had completed: left alone
    }
    const finished = await waitForBatch(
      user,
      batch_id,
      (b) => b.status === 'completed',
      'the re-run batch to complete',
    );
    expect(finished.tasks?.map((t) => t.task_id)).toEqual(task_ids);
    // The completed batch of before was left alone by all of this.
    expect((await getBatch(user, doneBatch.batch_id)).tasks?.[0]?.attempts).toBe(1);
  });
});
