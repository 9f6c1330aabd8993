// SMS end to end against a local server that speaks Twilio's Messages API: a phone number is
// verified with a one-time code (rate limited, wrong guesses refused), then a finished task sends
// one line with its title and link; a provider failing once is tried again.
import { afterAll, describe, expect, it } from 'vitest';
import type { DeliveryInfo } from '../../lib/notify/schema';
import { json, signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { startFakeSmsProvider } from '../helpers/receivers';
import { settled, waitForTask, waitUntil } from '../helpers/wait';

const sms = await startFakeSmsProvider();
const env = {
  SMS_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  SMS_AUTH_TOKEN: 'test-auth-token',
  SMS_FROM: '+15005550006',
  SMS_API_URL: sms.url,
  NOTIFY_RETRY_BASE_MS: '200',
  NOTIFY_RETRY_MAX_MS: '800',
};
const stack = stackForFile({ workers: 1, env, workerEnv: { ...env, NEXTAUTH_URL: 'https://shortplay.example' } });
afterAll(() => sms.close());

const PHONE = '+8613800138000';
const put = (user: TestUser, path: string, body: unknown) =>
  user.fetch(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function codeFor(to: string, after: number): Promise<string> {
  const msg = await sms.inbox.next((r) => r.form.To === to && sms.inbox.items.indexOf(r) >= after);
  const code = /\b(\d{6})\b/.exec(msg.form.Body ?? '')?.[1];
  if (!code) throw new Error(`no code in ${msg.form.Body}`);
  return code;
}

describe('SMS', () => {
  it('a number is verified with a one-time code before it can be chosen; codes are rate limited', async () => {
    const user = await signUp(stack.web.url);
    expect((await put(user, '/api/notifications/settings', { events: { 'task.completed': ['sms'] } })).status).toBe(
      422,
    );
    const bad = await user.fetch('/api/notifications/phone', json({ phone: '13800138000' }));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.field).toBe('phone');

    const before = sms.inbox.items.length;
    const sent = await user.fetch('/api/notifications/phone', json({ phone: '+86 138-0013-8000' }));
    expect(sent.status).toBe(202);
    expect(await sent.json()).toMatchObject({ phone: PHONE, verified: false, code_sent: true });
    const code = await codeFor(PHONE, before);
    const req = sms.inbox.items.at(-1);
    expect(req?.path).toBe(`/2010-04-01/Accounts/${env.SMS_ACCOUNT_SID}/Messages.json`);
    expect(req?.authorization).toBe(
      `Basic ${Buffer.from(`${env.SMS_ACCOUNT_SID}:${env.SMS_AUTH_TOKEN}`).toString('base64')}`,
    );
    expect(req?.form.From).toBe(env.SMS_FROM);

    const again = await user.fetch('/api/notifications/phone', json({ phone: PHONE }));
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);

    const wrong = code === '000000' ? '111111' : '000000';
    const guess = await user.fetch('/api/notifications/phone/verify', json({ code: wrong }));
    expect(guess.status).toBe(422);
    expect((await guess.json()).error.code).toBe('code_invalid');
    const ok = await user.fetch('/api/notifications/phone/verify', json({ code }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ phone: PHONE, verified: true });
    expect((await put(user, '/api/notifications/settings', { events: { 'task.completed': ['sms'] } })).status).toBe(
      200,
    );
  });

  it('a finished task texts the verified number; a provider failing once is tried again', async () => {
    const user = await signUp(stack.web.url);
    const phone = '+447700900123';
    const before = sms.inbox.items.length;
    await user.fetch('/api/notifications/phone', json({ phone }));
    await user.fetch('/api/notifications/phone/verify', json({ code: await codeFor(phone, before) }));
    expect((await put(user, '/api/notifications/settings', { events: { 'task.completed': ['sms'] } })).status).toBe(
      200,
    );

    sms.respondWith(500);
    const task = await user.client.submitScriptGenerationTask('第一章\n\n阿Q说：“我们先前比你阔多啦！”\n', {
      title: '阿Q 😀',
      model: 'offline',
      episodes: 1,
    });
    const done = await waitForTask(user.client, task.task_id, settled, { timeoutMs: 60_000 });
    expect(done.status).toBe('completed');
    const texts = await sms.inbox.count((r) => r.form.To === phone && /阿Q 😀/.test(r.form.Body ?? ''), 2);
    expect(texts.map((t) => t.status)).toEqual([500, 201]);
    expect(texts[1]?.form.Body).toBe(`剧本已完成：《阿Q 😀》 https://shortplay.example/tasks/${done.task_id}`);
    const log = await waitUntil(
      async () => {
        const ds = (
          (await (await user.fetch('/api/notifications/deliveries')).json()) as { deliveries: DeliveryInfo[] }
        ).deliveries;
        return ds[0]?.status === 'delivered' ? ds : null;
      },
      { what: 'the SMS delivered', timeoutMs: 10_000 },
    );
    expect(log[0]).toMatchObject({ channel: 'sms', target: phone, attempts: 2 });
  });
});
