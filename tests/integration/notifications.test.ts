// Notifications end to end, with real sockets: the worker e-mails an in-test SMTP server and posts
// signed webhooks to an in-test receiver; the receiver-side Standard Webhooks library verifies
// them; a receiver failing twice gets a third delivery with the same id; a failing endpoint is
// disabled with the reason; and a task completes normally while every channel is down.
import http from 'node:http';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeliveryInfo, NotificationSettingsView, WebhookInfo } from '../../lib/notify/schema';
import type { TaskInfo } from '../../lib/tasks/schema';
import { llmEnv } from '../fake-openai/env';
import { startFakeOpenAI } from '../fake-openai/server';
import { json, signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import {
  closeServer,
  listenOnLoopback,
  type Received,
  startSmtpServer,
  startWebhookReceiver,
} from '../helpers/receivers';
import { startWeb } from '../helpers/stack';
import { type Mail, verifyThrough } from '../helpers/verify-mail';
import { settled, waitForTask, waitUntil } from '../helpers/wait';

const fake = await startFakeOpenAI();
const smtp = await startSmtpServer();
const hooks = await startWebhookReceiver();
const env = {
  ...llmEnv(fake, { JOB_RETRY_LIMIT: '0' }),
  SMTP_URL: smtp.url,
  MAIL_FROM: 'Shortplay <noreply@shortplay.test>',
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_TIMEOUT_MS: '1500',
  WEBHOOK_DISABLE_AFTER: '3',
  NOTIFY_RETRY_BASE_MS: '200',
  NOTIFY_RETRY_MAX_MS: '800',
  NOTIFY_MAX_ATTEMPTS: '5',
};
// The worker writes the links; the web process gets its own URL from the test helper.
const APP_URL = 'https://shortplay.example';
const stack = stackForFile({ workers: 1, env, workerEnv: { ...env, NEXTAUTH_URL: APP_URL } });
afterAll(async () => {
  await Promise.all([hooks.close(), smtp.close(), fake.close()]);
});
// With SMTP configured, sign-up mails a verification link (issue 12): follow it like a user.
const followLink = (email: string) => verifyThrough(smtp, stack.web.url)(email);
const taskMail = (m: Mail) => String(m.headers.get('x-shortplay-event')).startsWith('task.');

const NOVEL = Array.from({ length: 3 }, (_, i) => `第${i + 1}章\n\n阿Q说：“第${i + 1}回，我们先前比你阔多啦！”\n`).join(
  '\n',
);

const forTask = (taskId: string) => (r: Received) =>
  (JSON.parse(r.body) as { data?: { task?: { task_id?: string } } }).data?.task?.task_id === taskId;

async function addWebhook(user: TestUser, url: string, events = ['task.completed', 'task.failed', 'task.cancelled']) {
  const res = await user.fetch('/api/webhooks', json({ url, events }));
  expect(res.status).toBe(201);
  return (await res.json()) as WebhookInfo & { secret: string };
}

async function deliveries(user: TestUser): Promise<DeliveryInfo[]> {
  return ((await (await user.fetch('/api/notifications/deliveries')).json()) as { deliveries: DeliveryInfo[] })
    .deliveries;
}

async function runTask(user: TestUser, opts: Record<string, unknown> & { title: string }) {
  const { title, ...options } = opts;
  const task = await user.client.submitScriptGenerationTask(NOVEL, {
    title,
    model: 'offline',
    episodes: 3,
    ...options,
  });
  return waitForTask(user.client, task.task_id, settled, { timeoutMs: 60_000 });
}

describe('notifications', () => {
  it('a finished task e-mails its owner by default and posts a webhook that verifies with the receiver library', async () => {
    const user = await signUp(stack.web.url, 'writer', followLink);
    const settings = (await (await user.fetch('/api/notifications/settings')).json()) as NotificationSettingsView;
    expect(settings).toMatchObject({
      defaults: true,
      events: { 'task.completed': ['email'], 'task.failed': ['email'] },
    });
    expect(settings.channels.email).toEqual({ available: true, address: user.email });
    const endpoint = await addWebhook(user, hooks.url);
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect((await (await user.fetch('/api/webhooks')).json()).webhooks[0]).not.toHaveProperty('secret');

    const done = await runTask(user, { title: '阿Q正传 🎭' });
    expect(done.status).toBe('completed');

    const mail = await smtp.inbox.next((m) => m.envelopeTo.includes(user.email) && taskMail(m));
    expect(mail.from?.text).toContain('noreply@shortplay.test');
    expect(mail.subject).toBe('剧本已完成：《阿Q正传 🎭》');
    expect(mail.text).toContain('集数: 3 集');
    expect(mail.text).toContain(`${APP_URL}/tasks/${done.task_id}`);
    expect(mail.html).toContain(`href="${APP_URL}/tasks/${done.task_id}"`);
    expect(mail.headers.get('x-shortplay-event')).toBe('task.completed');

    const req = await hooks.inbox.next(forTask(done.task_id));
    const headers = {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    };
    const verified = new Webhook(endpoint.secret).verify(req.body, headers) as {
      type: string;
      data: { task: TaskInfo; url: string; episodes: number; duration_seconds: number };
    };
    expect(verified.type).toBe('task.completed');
    expect(verified.data.task.status).toBe('completed');
    expect(verified.data.task).not.toHaveProperty('result');
    expect(verified.data.episodes).toBe(3);
    expect(verified.data.url).toBe(`${APP_URL}/tasks/${done.task_id}`);
    expect(() => new Webhook(endpoint.secret).verify(req.body.replace('completed', 'failed'), headers)).toThrow();
    const other = (await addWebhook(user, hooks.url)).secret;
    expect(() => new Webhook(other).verify(req.body, headers)).toThrow();

    // The delivery log shows both, and webhook-id is the delivery's stable id.
    await waitUntil(async () => (await deliveries(user)).filter((d) => d.status === 'delivered').length >= 2, {
      what: 'both deliveries delivered',
      timeoutMs: 10_000,
    });
    const log = await deliveries(user);
    const hook = log.find((d) => d.channel === 'webhook');
    expect(hook).toMatchObject({ id: headers['webhook-id'], event: 'task.completed', attempts: 1, target: hooks.url });
    expect(hook?.last_response).toBe('HTTP 200: ok');
    expect(log.find((d) => d.channel === 'email')).toMatchObject({ target: user.email, status: 'delivered' });
  });

  it('a receiver that fails twice gets a third delivery with the same webhook-id', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const user = await signUp(stack.web.url, 'writer', followLink);
      await user.fetch('/api/notifications/settings', {
        method: 'PUT',
        ...jsonPut({ events: { 'task.completed': [] } }),
      });
      const endpoint = await addWebhook(user, receiver.url);
      receiver.respondWith(500, [503, 'busy \u0000 😀'.repeat(200)]);
      const done = await runTask(user, { title: 'retry me' });
      const got = await receiver.inbox.count(forTask(done.task_id), 3);
      expect(got.map((r) => r.status)).toEqual([500, 503, 200]);
      expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1);
      for (const r of got) {
        expect(() => new Webhook(endpoint.secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
      }
      await waitUntil(async () => (await deliveries(user))[0]?.status === 'delivered', {
        what: 'the delivery delivered',
        timeoutMs: 10_000,
      });
      const [d] = await deliveries(user);
      expect(d).toMatchObject({ attempts: 3, status: 'delivered', last_response: 'HTTP 200: ok' });
      const hooksNow = (await (await user.fetch('/api/webhooks')).json()).webhooks as WebhookInfo[];
      expect(hooksNow[0]?.consecutive_failures).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it('a failed task mails the reason, in the task language', async () => {
    const user = await signUp(stack.web.url, 'writer', followLink);
    fake.faults.add({ kind: 'status', status: 401, message: 'Incorrect API key provided' });
    const task = await user.client.submitScriptGenerationTask(NOVEL, {
      title: 'Doomed',
      model: 'fake-chat',
      language: 'en',
    });
    const done = await waitForTask(user.client, task.task_id, settled, { timeoutMs: 60_000 });
    expect(done.status).toBe('failed');
    const mail = await smtp.inbox.next((m) => m.envelopeTo.includes(user.email) && taskMail(m));
    expect(mail.subject).toBe('Script failed: “Doomed”');
    expect(mail.text).toContain(`Reason: ${done.error?.message}`);
    expect(mail.text).toContain(`${APP_URL}/tasks/${done.task_id}`);
  });

  it('an endpoint failing N times in a row is disabled with the reason; a test event enables it again', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const user = await signUp(stack.web.url, 'writer', followLink);
      const endpoint = await addWebhook(user, receiver.url);
      receiver.respondWith(500, 500, 500, 500, 500);
      const test = await user.fetch(`/api/webhooks/${endpoint.id}/test`, { method: 'POST' });
      expect(test.status).toBe(202);
      const { delivery_id } = await test.json();
      await receiver.inbox.count(() => true, 3);
      const disabled = await waitUntil(
        async () => {
          const list = (await (await user.fetch('/api/webhooks')).json()).webhooks as WebhookInfo[];
          return list[0]?.disabled_at ? list[0] : null;
        },
        { what: 'the endpoint disabled', timeoutMs: 10_000 },
      );
      expect(disabled.disabled_reason).toMatch(/Disabled after 3 failed deliveries in a row; the last one: HTTP 500/);
      const [d] = await deliveries(user);
      expect(d).toMatchObject({ id: delivery_id, status: 'failed', attempts: 3 });
      expect(d?.last_response).toContain('now disabled');

      receiver.respondWith();
      await user.fetch(`/api/webhooks/${endpoint.id}/test`, { method: 'POST' });
      const ok = await receiver.inbox.next((r) => r.status === 200);
      const body = new Webhook(endpoint.secret).verify(ok.body, ok.headers as Record<string, string>) as {
        type: string;
      };
      expect(body.type).toBe('webhook.test');
      await waitUntil(
        async () =>
          ((await (await user.fetch('/api/webhooks')).json()).webhooks as WebhookInfo[])[0]?.disabled_at === null,
        { what: 'the endpoint enabled again', timeoutMs: 10_000 },
      );
    } finally {
      await receiver.close();
    }
  });

  it('settings: a channel the server cannot send on is a 422 and nothing is written; bad URLs are refused', async () => {
    const user = await signUp(stack.web.url, 'writer', followLink);
    const put = (body: unknown) => user.fetch('/api/notifications/settings', { method: 'PUT', ...jsonPut(body) });
    const sms = await put({ events: { 'task.completed': ['sms'] } });
    expect(sms.status).toBe(422);
    expect((await sms.json()).error).toMatchObject({ code: 'channel_unavailable', field: 'events.task.completed' });
    expect((await put({ events: { 'task.done': ['email'] } })).status).toBe(422);
    expect((await put({ events: { 'task.failed': ['email'] } })).status).toBe(200);
    const after = (await (await user.fetch('/api/notifications/settings')).json()) as NotificationSettingsView;
    expect(after).toMatchObject({ defaults: false, events: { 'task.completed': [], 'task.failed': ['email'] } });

    for (const url of [
      'javascript:alert(1)',
      'ftp://example.com/',
      `http://exa\u0000mple.com/`,
      'http://\ud800.example/',
      'http://user:pw@example.com/',
      `http://example.com/${'😀'.repeat(1000)}`,
    ]) {
      const res = await user.fetch('/api/webhooks', json({ url, events: ['task.completed'] }));
      expect(res.status, url).toBe(422);
    }
    expect((await user.fetch('/api/webhooks', json({ url: hooks.url, events: [] }))).status).toBe(422);
    expect((await user.fetch('/api/webhooks', json({ url: hooks.url, events: ['task.exploded'] }))).status).toBe(422);
    expect((await (await user.fetch('/api/webhooks')).json()).webhooks).toEqual([]);

    const mine = await addWebhook(user, hooks.url);
    const stranger = await signUp(stack.web.url, 'writer', followLink);
    expect((await stranger.fetch(`/api/webhooks/${mine.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await stranger.fetch(`/api/webhooks/${mine.id}/test`, { method: 'POST' })).status).toBe(404);
    expect((await stranger.fetch('/api/webhooks/not-a-uuid', { method: 'DELETE' })).status).toBe(404);
    expect((await user.fetch(`/api/webhooks/${mine.id}`, { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses loopback, private, link-local and metadata targets without WEBHOOK_ALLOW_PRIVATE', async () => {
    const strict = await startWeb(stack.dbUrl, { WEBHOOK_ALLOW_PRIVATE: 'false' });
    try {
      const user = await signUp(strict.url);
      for (const url of [
        hooks.url,
        'http://localhost/',
        'http://169.254.169.254/latest/meta-data/',
        'http://10.0.0.1/',
        'http://[::1]/',
        'http://[::ffff:127.0.0.1]/',
        'http://0.0.0.0/',
      ]) {
        const res = await user.fetch('/api/webhooks', json({ url, events: ['task.completed'] }));
        expect(res.status, url).toBe(422);
        expect((await res.json()).error.code, url).toBe('unsafe_url');
      }
      expect(await stack.sql('SELECT 1 FROM webhook_endpoints WHERE user_id = $1', [user.id])).toEqual([]);
    } finally {
      await strict.stop();
    }
  });

  it('a task completes normally while every channel is down', async () => {
    const down = await startWebhookReceiver();
    await down.close(); // a port nothing listens on
    const hanging = await startHangingServer();
    try {
      const user = await signUp(stack.web.url, 'writer', followLink);
      await addWebhook(user, down.url);
      await addWebhook(user, hanging.url);
      await smtp.close();
      const done = await runTask(user, { title: 'lonely' });
      expect(done.status).toBe('completed');
      expect(done.result?.episodes).toHaveLength(3);
      const kinds = (
        await stack.sql<{ kind: string }>('SELECT kind FROM task_events WHERE task_id = $1 ORDER BY id', [done.task_id])
      ).map((e) => e.kind);
      expect(kinds.at(-1)).toBe('completed');
      // Every channel was tried and is waiting to try again, with the reason.
      await waitUntil(
        async () => {
          const log = await deliveries(user);
          return log.length === 3 && log.every((d) => d.attempts >= 1 && d.last_response) ? log : null;
        },
        { what: 'every channel tried', timeoutMs: 20_000 },
      );
      const log = await deliveries(user);
      expect(log.map((d) => d.status).sort()).not.toContain('delivered');
      expect(log.find((d) => d.channel === 'email')?.last_response).toMatch(/ECONNREFUSED|connect/i);
      expect(log.find((d) => d.target === hanging.url)?.last_response).toMatch(/timed out after 1500 ms/);
      expect(log.find((d) => d.target === down.url)?.last_response).toMatch(/ECONNREFUSED/);
    } finally {
      await hanging.close();
    }
  });
});

function jsonPut(body: unknown): RequestInit {
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Accepts connections and requests, and never answers. */
async function startHangingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(() => undefined);
  const port = await listenOnLoopback(server);
  return { url: `http://127.0.0.1:${port}/slow`, close: () => closeServer(server) };
}
