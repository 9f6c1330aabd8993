// Webhook endpoints (POST/GET/DELETE /api/webhooks, "send test event") and their health: every
// attempt's outcome counts toward WEBHOOK_DISABLE_AFTER consecutive failures, after which the
// endpoint is disabled with the reason; a success (a test event, say) resets and re-enables it.
import { randomBytes, randomUUID } from 'node:crypto';
import { getDb } from '../db/client';
import { env } from '../env';
import { conflict, notFound, unprocessable } from '../errors';
import { createDeliveries } from './deliveries';
import { testPayload } from './payload';
import { type CreateWebhookBody, WEBHOOK_EVENTS, type WebhookEvent, type WebhookInfo } from './schema';
import { resolveSafe, UnsafeTargetError } from './ssrf';
import { clean, cut } from './text';

const MAX_ENDPOINTS = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Row = {
  id: string;
  url: string;
  events: unknown;
  createdAt: Date;
  consecutiveFailures: number;
  disabledAt: Date | null;
  disabledReason: string | null;
};

const select = {
  id: true,
  url: true,
  events: true,
  createdAt: true,
  consecutiveFailures: true,
  disabledAt: true,
  disabledReason: true,
} as const;

function toInfo(r: Row): WebhookInfo {
  const events = Array.isArray(r.events) ? (r.events as string[]) : [];
  return {
    id: r.id,
    url: r.url,
    events: WEBHOOK_EVENTS.filter((e) => events.includes(e)),
    created_at: r.createdAt.toISOString(),
    consecutive_failures: r.consecutiveFailures,
    disabled_at: r.disabledAt?.toISOString() ?? null,
    disabled_reason: r.disabledReason,
  };
}

/** A new endpoint and its signing secret, which is shown this once. */
export async function createWebhook(
  userId: string,
  body: CreateWebhookBody,
): Promise<WebhookInfo & { secret: string }> {
  const url = new URL(body.url);
  if (url.username || url.password) {
    throw unprocessable('validation_error', 'url: credentials in the URL are not allowed', 'url');
  }
  try {
    await resolveSafe(url, env.WEBHOOK_ALLOW_PRIVATE);
  } catch (err) {
    if (err instanceof UnsafeTargetError) throw unprocessable('unsafe_url', `url: ${err.message}`, 'url');
    throw unprocessable('unresolvable_url', `url: ${(err as Error).message}`, 'url');
  }
  const db = getDb();
  if ((await db.webhookEndpoint.count({ where: { userId } })) >= MAX_ENDPOINTS) {
    throw conflict('too_many_webhooks', `At most ${MAX_ENDPOINTS} webhook endpoints per user; delete one first.`);
  }
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const row = await db.webhookEndpoint.create({
    data: { id: randomUUID(), userId, url: url.href, events: [...new Set(body.events)], secret },
    select,
  });
  return { ...toInfo(row), secret };
}

export async function listWebhooks(userId: string): Promise<WebhookInfo[]> {
  const rows = await getDb().webhookEndpoint.findMany({ where: { userId }, orderBy: { createdAt: 'desc' }, select });
  return rows.map(toInfo);
}

export async function deleteWebhook(userId: string, id: string): Promise<void> {
  if (!UUID.test(id)) throw notFound('Webhook');
  const { count } = await getDb().webhookEndpoint.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound('Webhook');
}

/** Queues a `webhook.test` event to one endpoint (even a disabled one: a success re-enables it). */
export async function sendTestEvent(userId: string, id: string): Promise<{ delivery_id: string }> {
  if (!UUID.test(id)) throw notFound('Webhook');
  const db = getDb();
  const endpoint = await db.webhookEndpoint.findFirst({ where: { id, userId }, select: { id: true, url: true } });
  if (!endpoint) throw notFound('Webhook');
  const [deliveryId] = await db.$transaction((tx) =>
    createDeliveries(tx, [
      {
        userId,
        channel: 'webhook',
        event: 'webhook.test',
        target: { endpoint_id: endpoint.id, url: endpoint.url, test: true },
        payload: testPayload(endpoint.id),
      },
    ]),
  );
  return { delivery_id: deliveryId as string };
}

/** Active endpoints of a user subscribed to `event` (the relay's fan-out). */
export async function endpointsFor(userId: string, event: WebhookEvent): Promise<{ id: string; url: string }[]> {
  return getDb().$queryRaw<{ id: string; url: string }[]>`
    SELECT id::text, url FROM webhook_endpoints
    WHERE user_id = ${userId}::uuid AND disabled_at IS NULL AND events ? ${event}`;
}

/** What the sender needs: URL, secret, and whether it is disabled (and why). */
export function endpointForSending(id: string) {
  return getDb().webhookEndpoint.findUnique({
    where: { id },
    select: { url: true, secret: true, disabledAt: true, disabledReason: true },
  });
}

export async function recordEndpointSuccess(id: string): Promise<void> {
  await getDb().$executeRaw`
    UPDATE webhook_endpoints SET consecutive_failures = 0, disabled_at = NULL, disabled_reason = NULL
    WHERE id = ${id}::uuid`;
}

/** Counts a failed attempt; returns true when this one disabled the endpoint. */
export async function recordEndpointFailure(id: string, why: string): Promise<boolean> {
  const limit = env.WEBHOOK_DISABLE_AFTER;
  const reason = `Disabled after ${limit} failed deliveries in a row; the last one: ${cut(clean(why), 300)}. Fix the receiver, then send a test event to enable it again.`;
  const rows = await getDb().$queryRaw<{ disabled_now: boolean }[]>`
    UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1,
      disabled_at = CASE WHEN disabled_at IS NULL AND consecutive_failures + 1 >= ${limit} THEN now() ELSE disabled_at END,
      disabled_reason = CASE WHEN disabled_at IS NULL AND consecutive_failures + 1 >= ${limit} THEN ${reason} ELSE disabled_reason END
    WHERE id = ${id}::uuid
    RETURNING (disabled_at IS NOT NULL AND consecutive_failures = ${limit}) AS disabled_now`;
  return rows[0]?.disabled_now ?? false;
}
