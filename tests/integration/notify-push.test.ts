// Browser push end to end over the real encryption path: a local HTTPS server plays the push
// service (trusted by the worker through NODE_EXTRA_CA_CERTS, as web-push only speaks https). A
// finished task's notification arrives aes128gcm-encrypted (RFC 8291) with a VAPID signature
// (RFC 8292); the test decrypts it with the subscription's private key and auth secret. A push
// service answering 503 is tried again; one answering 410 removes the subscription.
import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ece from 'http_ece';
import { afterAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import type { DeliveryInfo } from '../../lib/notify/schema';
import { json, signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { Inbox } from '../helpers/receivers';
import { settled, waitForTask, waitUntil } from '../helpers/wait';

interface PushRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  status: number;
}

// A self-signed certificate for 127.0.0.1, made with openssl for this run only.
const dir = mkdtempSync(path.join(tmpdir(), 'push-service-'));
execFileSync(
  'openssl',
  [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    path.join(dir, 'key.pem'),
    '-out',
    path.join(dir, 'cert.pem'),
  ],
  { stdio: 'ignore' },
);

const inbox = new Inbox<PushRequest>();
let script: number[] = [];
const server = https.createServer(
  { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) },
  (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = script.shift() ?? 201;
      inbox.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), status });
      res.writeHead(status).end();
    });
  },
);
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const pushService = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

const vapid = webpush.generateVAPIDKeys();
const env = {
  VAPID_PUBLIC_KEY: vapid.publicKey,
  VAPID_PRIVATE_KEY: vapid.privateKey,
  VAPID_SUBJECT: 'mailto:ops@shortplay.example',
  NOTIFY_RETRY_BASE_MS: '200',
  NOTIFY_RETRY_MAX_MS: '800',
};
const stack = stackForFile({
  workers: 1,
  env,
  workerEnv: { ...env, NEXTAUTH_URL: 'https://shortplay.example', NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem') },
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a browser holds for one subscription: its P-256 key pair and auth secret. */
function browserSubscription(name: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    json: {
      endpoint: `${pushService}/push/${name}`,
      expirationTime: null,
      keys: { p256dh: ecdh.getPublicKey('base64url'), auth: auth.toString('base64url') },
    },
  };
}

const put = (user: TestUser, p: string, body: unknown) =>
  user.fetch(p, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function deliveries(user: TestUser): Promise<DeliveryInfo[]> {
  return ((await (await user.fetch('/api/notifications/deliveries')).json()) as { deliveries: DeliveryInfo[] })
    .deliveries;
}

function decodeJwt(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe('browser push', () => {
  it('hands out the VAPID key, saves and removes subscriptions, and refuses bad ones', async () => {
    const user = await signUp(stack.web.url);
    const key = await (await user.fetch('/api/notifications/push/key')).json();
    expect(key).toEqual({ available: true, public_key: vapid.publicKey });
    const settings = await (await user.fetch('/api/notifications/settings')).json();
    expect(settings.channels.push.available).toBe(true);

    const sub = browserSubscription('keep');
    const made = await user.fetch('/api/notifications/push/subscriptions', json(sub.json));
    expect(made.status).toBe(201);
    expect(await made.json()).toMatchObject({ service: pushService });
    for (const bad of [
      { ...sub.json, endpoint: 'ftp://example.com/x' },
      { ...sub.json, keys: { p256dh: 'not base64\u0000', auth: 'x' } },
      { ...sub.json, keys: { p256dh: '\ud800', auth: '😀' } },
      { endpoint: sub.json.endpoint },
    ]) {
      const res = await user.fetch('/api/notifications/push/subscriptions', json(bad));
      expect(res.status).toBe(422);
    }
    const rows = await stack.sql('SELECT endpoint FROM push_subscriptions');
    expect(rows).toEqual([{ endpoint: sub.json.endpoint }]);

    const other = await signUp(stack.web.url);
    const foreign = await other.fetch('/api/notifications/push/subscriptions', {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: sub.json.endpoint }),
    });
    expect(foreign.status).toBe(204);
    expect(await stack.sql('SELECT 1 FROM push_subscriptions')).toHaveLength(1); // not theirs to remove
    const gone = await user.fetch('/api/notifications/push/subscriptions', {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: sub.json.endpoint }),
    });
    expect(gone.status).toBe(204);
    expect(await stack.sql('SELECT 1 FROM push_subscriptions')).toHaveLength(0);
  });

  it('a finished task pushes {title, body, url} that decrypts with the subscription keys; 410 removes it', async () => {
    const user = await signUp(stack.web.url);
    const sub = browserSubscription(`user-${Date.now()}`);
    expect((await user.fetch('/api/notifications/push/subscriptions', json(sub.json))).status).toBe(201);
    expect((await put(user, '/api/notifications/settings', { events: { 'task.completed': ['push'] } })).status).toBe(
      200,
    );

    script = [503]; // the push service is briefly down: the delivery is tried again
    const task = await user.client.submitScriptGenerationTask('第一章\n\n阿Q说：“我们先前比你阔多啦！”\n', {
      title: '阿Q 😀',
      model: 'offline',
      episodes: 1,
      language: 'en',
    });
    const done = await waitForTask(user.client, task.task_id, settled, { timeoutMs: 60_000 });
    expect(done.status).toBe('completed');

    const [failedOnce, req] = await inbox.count((r) => r.path === new URL(sub.json.endpoint).pathname, 2);
    expect([failedOnce?.status, req?.status]).toEqual([503, 201]);
    if (!req) throw new Error('no second push request');
    expect(req.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(req.headers.ttl)).toBeGreaterThan(0);
    const auth = /^vapid t=([^,]+), k=(.+)$/.exec(String(req.headers.authorization));
    expect(auth?.[2]).toBe(vapid.publicKey);
    expect(decodeJwt(auth?.[1] ?? '')).toMatchObject({ aud: pushService, sub: 'mailto:ops@shortplay.example' });

    const plain = ece.decrypt(req.body, {
      version: 'aes128gcm',
      privateKey: sub.ecdh,
      authSecret: sub.auth.toString('base64url'),
    });
    expect(JSON.parse(plain.toString('utf8'))).toEqual({
      title: 'Your script is ready: “阿Q 😀”',
      body: 'Open the task',
      url: `https://shortplay.example/tasks/${done.task_id}`,
    });
    // A wrong key cannot read it: the payload really is encrypted for this subscription.
    const stranger = browserSubscription('stranger');
    expect(() =>
      ece.decrypt(req.body, {
        version: 'aes128gcm',
        privateKey: stranger.ecdh,
        authSecret: sub.auth.toString('base64url'),
      }),
    ).toThrow();

    // The browser went away: the push service answers 410 and the subscription is removed.
    script = [410];
    const second = await user.client.submitScriptGenerationTask('第二章\n\n阿Q又说。\n', {
      title: 'second',
      model: 'offline',
      episodes: 1,
    });
    expect((await waitForTask(user.client, second.task_id, settled, { timeoutMs: 60_000 })).status).toBe('completed');
    await inbox.count((r) => r.path === new URL(sub.json.endpoint).pathname, 3);
    const log = await waitUntil(
      async () => {
        const ds = await deliveries(user);
        return ds[0]?.status === 'failed' ? ds : null;
      },
      { what: 'the push delivery failed', timeoutMs: 10_000 },
    );
    expect(log[0]).toMatchObject({ channel: 'push', attempts: 1, target: pushService });
    expect(log[0]?.last_response).toMatch(/410.*removed/);
    expect(log[1]).toMatchObject({ channel: 'push', status: 'delivered', attempts: 2 });
    expect(await stack.sql('SELECT 1 FROM push_subscriptions WHERE endpoint = $1', [sub.json.endpoint])).toEqual([]);
  });
});
