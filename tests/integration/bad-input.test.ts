// Bad input gets a clear 4xx with {"error":{"code","message"}} and changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { json, signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';

const stack = stackForFile({
  workers: 0,
  env: { NOVEL_MAX_CHARS: '5000', MAX_ACTIVE_TASKS: '3', SUBMIT_RATE_PER_MINUTE: '4' },
});
let user: TestUser;

beforeAll(async () => {
  user = await signUp(stack.web.url);
});

const JSON_TYPE = { 'content-type': 'application/json' };
const enc = (s: string) => new TextEncoder().encode(s);

interface Case {
  name: string;
  status: number;
  code?: string;
  field?: string;
  body: string | Uint8Array;
  headers?: Record<string, string>;
}

const ok = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ novel_content: '第一章\n阿Q说：“你好。”', ...extra });

const cases: Case[] = [
  { name: 'empty body', status: 400, code: 'empty_body', body: '' },
  { name: 'malformed JSON', status: 400, code: 'malformed_json', body: '{"novel_content": ' },
  { name: 'trailing garbage', status: 400, code: 'malformed_json', body: '{"novel_content": "x"} x' },
  { name: 'JSON array', status: 422, code: 'validation_error', body: '[]' },
  { name: 'JSON string', status: 422, code: 'validation_error', body: '"a novel"' },
  { name: 'JSON null', status: 422, code: 'validation_error', body: 'null' },
  { name: 'missing novel_content', status: 422, code: 'validation_error', field: 'novel_content', body: '{}' },
  { name: 'novel_content a number', status: 422, field: 'novel_content', body: '{"novel_content": 42}' },
  { name: 'novel_content null', status: 422, field: 'novel_content', body: '{"novel_content": null}' },
  { name: 'novel_content an array', status: 422, field: 'novel_content', body: '{"novel_content": ["a"]}' },
  { name: 'empty novel', status: 422, code: 'empty_novel', field: 'novel_content', body: '{"novel_content": ""}' },
  {
    name: 'whitespace only',
    status: 422,
    code: 'empty_novel',
    body: JSON.stringify({ novel_content: ' \n\t\u3000 ' }),
  },
  {
    name: 'NUL bytes',
    status: 422,
    code: 'invalid_characters',
    body: JSON.stringify({ novel_content: 'abc\u0000def' }),
  },
  { name: 'lone surrogate', status: 422, code: 'invalid_characters', body: '{"novel_content": "abc\\ud800def"}' },
  {
    name: 'invalid UTF-8',
    status: 400,
    code: 'invalid_encoding',
    body: new Uint8Array([...enc('{"novel_content": "'), 0xc3, 0x28, 0xff, ...enc('"}')]),
  },
  {
    name: 'over the limit',
    status: 413,
    code: 'payload_too_large',
    body: JSON.stringify({ novel_content: '字'.repeat(5001) }),
  },
  {
    name: 'body over the byte limit',
    status: 413,
    code: 'payload_too_large',
    body: JSON.stringify({ novel_content: 'x'.repeat(200_000) }),
  },
  {
    name: 'text/plain',
    status: 415,
    code: 'unsupported_media_type',
    body: ok(),
    headers: { 'content-type': 'text/plain' },
  },
  { name: 'no content type', status: 415, code: 'unsupported_media_type', body: ok(), headers: { 'content-type': '' } },
  {
    name: 'form encoded',
    status: 415,
    code: 'unsupported_media_type',
    body: 'novel_content=abc',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  },
  { name: 'unknown field', status: 422, field: 'novel', body: ok({ novel: 'x' }) },
  { name: 'episodes 0', status: 422, field: 'options.episodes', body: ok({ options: { episodes: 0 } }) },
  { name: 'episodes as string', status: 422, field: 'options.episodes', body: ok({ options: { episodes: '5' } }) },
  { name: 'episodes fractional', status: 422, field: 'options.episodes', body: ok({ options: { episodes: 2.5 } }) },
  { name: 'episodes too many', status: 422, field: 'options.episodes', body: ok({ options: { episodes: 1000 } }) },
  { name: 'unknown language', status: 422, field: 'options.language', body: ok({ options: { language: 'fr' } }) },
  { name: 'language not a tag', status: 422, field: 'options.language', body: ok({ options: { language: 'zh--CN' } }) },
  {
    name: 'language with NUL',
    status: 422,
    field: 'options.language',
    body: ok({ options: { language: 'zh\u0000' } }),
  },
  {
    name: 'language lone surrogate',
    status: 422,
    field: 'options.language',
    body: ok({ options: { language: 'en\ud800' } }),
  },
  { name: 'language emoji', status: 422, field: 'options.language', body: ok({ options: { language: 'zh😀' } }) },
  { name: 'language a number', status: 422, field: 'options.language', body: ok({ options: { language: 86 } }) },
  {
    name: 'unknown model',
    status: 422,
    code: 'unknown_model',
    field: 'options.model',
    body: ok({ options: { model: 'gpt-9' } }),
  },
  { name: 'unknown option', status: 422, field: 'options.temperature', body: ok({ options: { temperature: 2 } }) },
  { name: 'options not an object', status: 422, field: 'options', body: ok({ options: 'fast' }) },
  { name: 'priority out of range', status: 422, field: 'priority', body: ok({ priority: 99 }) },
  { name: 'empty title', status: 422, field: 'title', body: ok({ title: '   ' }) },
  { name: 'title too long', status: 422, field: 'title', body: ok({ title: 't'.repeat(201) }) },
  {
    name: 'idempotency key too long',
    status: 422,
    code: 'invalid_idempotency_key',
    body: ok(),
    headers: { 'idempotency-key': 'k'.repeat(300) },
  },
];

async function counts() {
  const [row] = await stack.sql<{ tasks: number; inputs: number; events: number; jobs: number }>(
    `SELECT (SELECT count(*)::int FROM script_tasks) AS tasks, (SELECT count(*)::int FROM task_inputs) AS inputs,
            (SELECT count(*)::int FROM task_events) AS events, (SELECT count(*)::int FROM pgboss.job WHERE name = 'generate-script') AS jobs`,
  );
  return row;
}

function expectErrorBody(body: unknown) {
  expect(body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+|prisma|stack/i);
}

describe('POST /api/tasks rejects bad input', () => {
  for (const c of cases) {
    it(`${c.name} → ${c.status}${c.code ? ` ${c.code}` : ''}`, async () => {
      const before = await counts();
      const headers = { ...JSON_TYPE, ...c.headers };
      if (headers['content-type'] === '') delete (headers as Record<string, string>)['content-type'];
      const res = await user.fetch('/api/tasks', { method: 'POST', headers, body: c.body as BodyInit });
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(c.status);
      expectErrorBody(body);
      if (c.code) expect(body.error.code).toBe(c.code);
      if (c.field) expect(body.error.field).toBe(c.field);
      // A refused language tag says which ones are accepted.
      if (c.field === 'options.language' && c.name !== 'language a number')
        expect(body.error.message).toMatch(/zh-CN.*en-US/);
      expect(await counts()).toEqual(before);
    });
  }

  it('the same valid body is accepted (the cases above fail for their own reason)', async () => {
    const res = await user.fetch('/api/tasks', { method: 'POST', headers: JSON_TYPE, body: ok() });
    expect(res.status).toBe(202);
  });
});

// Every text field of every route meets NUL, lone surrogates, emoji at its cut point and an
// over-long value: a 4xx naming the field (or, for an emoji that fits, a 2xx storing it whole),
// never a 500, and nothing written when refused.
const NUL = 'a\u0000b';
const LONE_HIGH = 'a\ud800b';
const LONE_LOW = 'a\udc00';
/** A string of `units` UTF-16 units ending with an emoji whose second half is unit `units`. */
const emojiAt = (units: number) => `${'x'.repeat(units - 2)}😀`;
const rawJson = (body: Record<string, unknown>) =>
  // JSON.stringify writes lone surrogates as \udXXX escapes: the server decodes them as such.
  JSON.stringify(body);

interface FieldCase {
  route: string;
  field: string;
  body: (value: string) => Record<string, unknown>;
  /** The longest value accepted, in UTF-16 units. */
  max: number;
  /** `bearer`: the table's own user; `bearer-batch`: another one, so batches do not meet the submit rate of tasks. */
  auth: 'bearer' | 'bearer-batch' | 'none';
  /** Rows that must not change when the value is refused. */
  table: string;
}

const oneNovel = [{ novel_content: '第一章\n正文。' }];
const HOOK = 'https://hooks.example.com/';

const signupBody = (over: Record<string, string>) => ({
  email: `f-${Math.random().toString(36).slice(2)}@example.com`,
  password: 'long enough pw',
  ...over,
});

const fields: FieldCase[] = [
  {
    route: '/api/tasks',
    field: 'title',
    body: (v) => ({ novel_content: '第一章\n正文。', title: v }),
    max: 200,
    auth: 'bearer',
    table: 'script_tasks',
  },
  {
    route: '/api/tasks',
    field: 'options.style',
    body: (v) => ({ novel_content: '第一章\n正文。', options: { style: v } }),
    max: 2000,
    auth: 'bearer',
    table: 'script_tasks',
  },
  {
    route: '/api/tasks',
    field: 'options.model',
    body: (v) => ({ novel_content: '第一章\n正文。', options: { model: v } }),
    max: 100,
    auth: 'bearer',
    table: 'script_tasks',
  },
  { route: '/api/users', field: 'name', body: (v) => signupBody({ name: v }), max: 100, auth: 'none', table: 'users' },
  {
    route: '/api/users',
    field: 'password',
    body: (v) => signupBody({ password: `pw${v}` }),
    max: 72,
    auth: 'none',
    table: 'users',
  },
  { route: '/api/tokens', field: 'name', body: (v) => ({ name: v }), max: 100, auth: 'bearer', table: 'api_tokens' },
  {
    route: '/api/batches',
    field: 'title',
    body: (v) => ({ tasks: oneNovel, title: v }),
    max: 200,
    auth: 'bearer-batch',
    table: 'task_batches',
  },
  {
    route: '/api/batches',
    field: 'tasks.0.title',
    body: (v) => ({ tasks: [{ novel_content: '第一章\n正文。', title: v }] }),
    max: 200,
    auth: 'bearer-batch',
    table: 'task_batches',
  },
  {
    route: '/api/batches',
    field: 'options.style',
    body: (v) => ({ tasks: oneNovel, options: { style: v } }),
    max: 2000,
    auth: 'bearer-batch',
    table: 'script_tasks', // the options are the tasks',
  },
  {
    route: '/api/webhooks',
    field: 'url',
    body: (v) => ({ url: `${HOOK}${v}`, events: ['task.completed'] }),
    max: 2048 - HOOK.length,
    auth: 'bearer',
    table: 'webhook_endpoints',
  },
];

async function rowCount(table: string): Promise<number> {
  const [row] = await stack.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? 0;
}

let fieldUser: TestUser;
let batchUser: TestUser;
beforeAll(async () => {
  fieldUser = await signUp(stack.web.url, 'fields');
  batchUser = await signUp(stack.web.url, 'batch-fields');
});

function post(c: FieldCase, value: string): Promise<Response> {
  const init = { method: 'POST', headers: JSON_TYPE, body: rawJson(c.body(value)) };
  if (c.auth === 'none') return fetch(`${stack.web.url}${c.route}`, init);
  return (c.auth === 'bearer' ? fieldUser : batchUser).fetch(c.route, init);
}

describe('every text field refuses what the database cannot store', () => {
  for (const c of fields) {
    for (const [what, value] of [
      ['NUL', NUL],
      ['a lone high surrogate', LONE_HIGH],
      ['a lone low surrogate', LONE_LOW],
      ['one unit too many', 'x'.repeat(c.max + 1)],
    ] as const) {
      it(`${c.route} ${c.field} with ${what} → 422 naming the field, nothing written`, async () => {
        const before = await rowCount(c.table);
        const res = await post(c, value);
        const body = await res.json();
        expect(res.status, JSON.stringify(body)).toBe(422);
        expectErrorBody(body);
        expect(body.error.field).toBe(c.field);
        expect(await rowCount(c.table)).toBe(before);
      });
    }

    it(`${c.route} ${c.field} with an emoji straddling the limit → stored whole or a 422 naming the field`, async () => {
      // Limits count characters (code points), so the emoji usually fits; byte limits refuse it.
      const value = emojiAt(c.max + 1);
      const before = await rowCount(c.table);
      const res = await post(c, value);
      const body = await res.json();
      if (res.status === 422) {
        expect(body.error.field).toBe(c.field);
        expect(await rowCount(c.table)).toBe(before);
      } else {
        expect(res.status, JSON.stringify(body)).toBeLessThan(300);
        const [row] = await stack.sql<{ row: string }>(
          `SELECT row_to_json(t)::text AS row FROM ${c.table} t ORDER BY created_at DESC LIMIT 1`,
        );
        expect(row?.row).toContain(JSON.stringify(value).slice(1, -1));
        if (body.task_id) await fieldUser.fetch(`/api/tasks/${body.task_id}/cancel`, { method: 'POST' });
        if (body.batch_id) await batchUser.fetch(`/api/batches/${body.batch_id}/cancel`, { method: 'POST' });
      }
    });
  }

  it('an emoji ending exactly at the limit is accepted and stored whole', async () => {
    const title = emojiAt(200);
    const u = await signUp(stack.web.url, 'emoji');
    const res = await u.fetch('/api/tasks', json({ novel_content: '第一章\n正文。', title }));
    expect(res.status).toBe(202);
    const task = await res.json();
    expect(task.title).toBe(title);
    const [row] = await stack.sql<{ title: string }>('SELECT title FROM script_tasks WHERE id = $1', [task.task_id]);
    expect(row?.title).toBe(title);
  });

  it('a default title cut at an emoji keeps it whole', async () => {
    const u = await signUp(stack.web.url, 'cut');
    const res = await u.fetch('/api/tasks', json({ novel_content: `${emojiAt(41)}尾巴\n正文。` }));
    expect(res.status).toBe(202);
    const task = await res.json();
    expect(task.title.isWellFormed()).toBe(true);
    expect(task.title).toBe(`${'x'.repeat(39)}😀…`);
  });

  it('token creation with credentials: NUL or over-long email/password → 401 or 422, never 500', async () => {
    for (const body of [
      { name: 't', email: `a\u0000${user.email}`, password: user.password },
      { name: 't', email: user.email, password: `${user.password}\u0000` },
      { name: 't', email: user.email, password: 'p'.repeat(1001) },
      { name: 't', email: `${'e'.repeat(1000)}@example.com`, password: user.password },
      { name: 't', email: user.email, password: LONE_HIGH },
    ]) {
      const res = await fetch(`${stack.web.url}/api/tokens`, json(body));
      const text = await res.text();
      expect([401, 422], text).toContain(res.status);
      expectErrorBody(JSON.parse(text));
    }
  });
});

describe('query strings and paths with NUL, surrogates and emoji answer 4xx or work', () => {
  const cases: [string, number][] = [
    ['/api/tasks?q=a%00b', 422],
    ['/api/tasks?status=%00', 422],
    ['/api/tasks?cursor=%00', 422],
    ['/api/tasks?limit=%00', 422],
    ['/api/tasks?q=%ED%A0%80', 200], // a UTF-8-encoded lone surrogate decodes to U+FFFD
    [`/api/tasks?q=${encodeURIComponent(emojiAt(200))}`, 200],
    [`/api/tasks?q=${encodeURIComponent('x'.repeat(201))}`, 422],
    ['/api/tasks/task_%00', 404],
    ['/api/tasks/%F0%9F%98%80', 404],
    ['/api/tasks/task_%00/history', 404],
    ['/api/tasks/task_%00/cancel', 404],
    ['/api/tasks/task_%00/retry', 404],
    ['/api/tasks/task_%00/partial', 404],
    ['/api/tasks/task_%00/events', 404],
    ['/api/tasks/task_%00/result?format=%00', 422],
    ['/api/tokens/%00', 404],
  ];
  for (const [path, status] of cases) {
    it(`${path} → ${status}`, async () => {
      const method = /\/(cancel|retry)$/.test(path) ? 'POST' : path.startsWith('/api/tokens/') ? 'DELETE' : 'GET';
      const res = await user.fetch(path, { method });
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(status);
      if (status >= 400) expectErrorBody(body);
    });
  }

  it('the dashboard search with NUL or a cut emoji renders the page (the text is cleaned)', async () => {
    const { sessionCookie } = await import('../helpers/session');
    const cookie = await sessionCookie(stack.web.url, user);
    for (const q of ['a%00b', '%ED%A0%80', encodeURIComponent(emojiAt(201))]) {
      const res = await fetch(`${stack.web.url}/tasks?q=${q}`, { headers: { cookie } });
      expect(res.status, q).toBe(200);
      await res.arrayBuffer();
    }
  });

  it('search q matches % and _ literally', async () => {
    const titles = ['100% 真实', '1000 真实', 'a_b 故事', 'axb 故事'];
    const u = await signUp(stack.web.url, 'search');
    for (const title of titles) {
      const res = await u.fetch('/api/tasks', json({ novel_content: '第一章\n正文。', title }));
      expect(res.status).toBe(202);
      // cancelled at once (no worker here), so the active-task limit of this file is never met
      await u.fetch(`/api/tasks/${(await res.json()).task_id}/cancel`, { method: 'POST' });
    }
    const search = async (q: string) =>
      ((await (await u.fetch(`/api/tasks?q=${encodeURIComponent(q)}&limit=100`)).json()).tasks as { title: string }[])
        .map((t) => t.title)
        .sort();
    expect(await search('100%')).toEqual(['100% 真实']);
    expect(await search('a_b')).toEqual(['a_b 故事']);
    expect(await search('0% 真')).toEqual(['100% 真实']);
  });
});

// Text fields whose routes answer before the value is stored anywhere (an SMS code sent, a mail
// queued, a browser subscription kept): NUL, lone surrogates, an emoji at the cut and an over-long
// value are refused with a 4xx, never a 500, and leave their table as it was.
describe('the remaining text fields answer 4xx and write nothing', () => {
  const values = {
    NUL,
    'a lone high surrogate': LONE_HIGH,
    'a lone low surrogate': LONE_LOW,
    'an emoji at the cut': emojiAt(41),
    'an over-long value': 'x'.repeat(5000),
  };
  const keys = { p256dh: `B${'A'.repeat(86)}`, auth: 'AAAAAAAAAAAAAAAAAAAAAA' };
  const cases: {
    route: string;
    field: string;
    body: (v: string) => Record<string, unknown>;
    table: string;
    auth: boolean;
  }[] = [
    {
      route: '/api/notifications/phone',
      field: 'phone',
      body: (v) => ({ phone: `+86138${v}` }),
      table: 'phone_numbers',
      auth: true,
    },
    {
      route: '/api/notifications/phone/verify',
      field: 'code',
      body: (v) => ({ code: v }),
      table: 'phone_numbers',
      auth: true,
    },
    {
      route: '/api/users/verification',
      field: 'email',
      body: (v) => ({ email: `${v}@example.com` }),
      table: 'notification_deliveries',
      auth: false,
    },
    {
      route: '/api/notifications/push/subscriptions',
      field: 'endpoint',
      body: (v) => ({ endpoint: `https://push.example.com/${v}`, keys }),
      table: 'push_subscriptions',
      auth: true,
    },
  ];
  for (const c of cases) {
    for (const [what, value] of Object.entries(values)) {
      it(`${c.route} with ${what} → 4xx, nothing written`, async () => {
        const before = await rowCount(c.table);
        const init = { method: 'POST', headers: JSON_TYPE, body: rawJson(c.body(value)) };
        const res = c.auth ? await fieldUser.fetch(c.route, init) : await fetch(`${stack.web.url}${c.route}`, init);
        const body = await res.json();
        expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
        expect(res.status, JSON.stringify(body)).toBeLessThan(500);
        expectErrorBody(body);
        // 413 for the over-long value where the route's body limit is small; else 422 naming the field.
        if (res.status === 422) expect(body.error.field).toBe(c.field);
        else expect(res.status).toBe(413);
        expect(await rowCount(c.table)).toBe(before);
      });
    }
  }
});

describe('other routes reject bad input', () => {
  const reads: [string, number, string?][] = [
    ['/api/tasks?limit=0', 422, 'limit'],
    ['/api/tasks?limit=abc', 422, 'limit'],
    ['/api/tasks?limit=1000', 422, 'limit'],
    ['/api/tasks?status=done', 422, 'status'],
    ['/api/tasks?cursor=garbage', 422, 'cursor'],
    ['/api/tasks/not-a-task-id', 404],
    ['/api/tasks/not-a-task-id/events', 404],
  ];
  for (const [path, status, field] of reads) {
    it(`GET ${path} → ${status}`, async () => {
      const res = await user.fetch(path);
      expect(res.status).toBe(status);
      const body = await res.json();
      expectErrorBody(body);
      if (field) expect(body.error.field).toBe(field);
    });
  }

  it('sign-up with a bad email, a short password or unknown fields → 422, no user written', async () => {
    const [before] = await stack.sql<{ n: number }>('SELECT count(*)::int AS n FROM users');
    for (const body of [
      { email: 'not-an-email', password: 'long enough pw' },
      { email: 'a@example.com', password: 'short' },
      { email: 'a@example.com', password: 'long enough pw', admin: true },
      { email: 'a@example.com', password: 'x'.repeat(100) },
    ]) {
      const res = await fetch(`${stack.web.url}/api/users`, {
        method: 'POST',
        headers: JSON_TYPE,
        body: JSON.stringify(body),
      });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expectErrorBody(await res.json());
    }
    const [after] = await stack.sql<{ n: number }>('SELECT count(*)::int AS n FROM users');
    expect(after).toEqual(before);
  });

  it('revoking an unknown or malformed token id → 404', async () => {
    expect((await user.fetch('/api/tokens/nope', { method: 'DELETE' })).status).toBe(404);
    expect((await user.fetch('/api/tokens/00000000-0000-0000-0000-000000000000', { method: 'DELETE' })).status).toBe(
      404,
    );
  });
});

describe('per-user limits', () => {
  it('over the active-task limit → 429 with Retry-After, nothing written; then over the submit rate → 429', async () => {
    const writer = await signUp(stack.web.url, 'busy');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await writer.fetch('/api/tasks', json({ novel_content: `第一章\n阿Q说：“第${i}回。”` }));
      expect(res.status).toBe(202);
      ids.push((await res.json()).task_id);
    }
    const before = await counts();
    const over = await writer.fetch('/api/tasks', json({ novel_content: '第一章\n阿Q说：“太多了。”' }));
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBeTruthy();
    const body = await over.json();
    expect(body.error.code).toBe('active_task_limit');
    expect(await counts()).toEqual(before);
    // another user is not affected
    expect((await user.fetch('/api/tasks', json({ novel_content: '第一章\n阿Q说：“我不忙。”' }))).status).toBe(202);
    // cancelled tasks no longer count as active, but the submissions still count against the rate
    for (const id of ids) expect((await writer.fetch(`/api/tasks/${id}/cancel`, { method: 'POST' })).status).toBe(200);
    expect((await writer.fetch('/api/tasks', json({ novel_content: '第一章\n阿Q说：“再来。”' }))).status).toBe(202);
    const rated = await writer.fetch('/api/tasks', json({ novel_content: '第一章\n阿Q说：“又来。”' }));
    expect(rated.status).toBe(429);
    expect((await rated.json()).error.code).toBe('rate_limited');
    expect(Number(rated.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
