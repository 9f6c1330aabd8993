// Browser push (Web Push with VAPID, RFC 8030/8291/8292): the server's key pair and the table of
// browsers a user subscribed from. lib/notify owns push_subscriptions; the `push` channel
// (channels/push.ts) sends to one subscription per delivery.
import { randomUUID } from 'node:crypto';
import { getDb } from '../db/client';
import { conflict, unprocessable } from '../errors';
import type { PushSubscriptionBody, PushSubscriptionInfo } from './schema';
import { vapidKeys } from './vapid';

const MAX_SUBSCRIPTIONS = 20;

/** What a browser needs to subscribe. */
export function pushKey(): { available: boolean; public_key: string | null } {
  const keys = vapidKeys();
  return { available: keys !== null, public_key: keys?.publicKey ?? null };
}

/** Saves (or re-keys) the browser's subscription for this user. */
export async function subscribePush(userId: string, body: PushSubscriptionBody): Promise<PushSubscriptionInfo> {
  if (!vapidKeys()) throw unprocessable('channel_unavailable', 'Push is not configured on this server.', 'endpoint');
  const db = getDb();
  const existing = await db.pushSubscription.findUnique({ where: { endpoint: body.endpoint } });
  if (!existing && (await db.pushSubscription.count({ where: { userId } })) >= MAX_SUBSCRIPTIONS) {
    throw conflict(
      'too_many_push_subscriptions',
      `At most ${MAX_SUBSCRIPTIONS} browsers per user; unsubscribe one first.`,
    );
  }
  const data = { userId, p256dh: body.keys.p256dh, auth: body.keys.auth };
  const row = await db.pushSubscription.upsert({
    where: { endpoint: body.endpoint },
    create: { id: randomUUID(), endpoint: body.endpoint, ...data },
    update: data,
  });
  return toInfo(row);
}

/** Removes this user's subscription with that endpoint; true when there was one. */
export async function unsubscribePush(userId: string, endpoint: string): Promise<boolean> {
  const { count } = await getDb().pushSubscription.deleteMany({ where: { userId, endpoint } });
  return count > 0;
}

export async function listPushSubscriptions(userId: string): Promise<PushSubscriptionInfo[]> {
  const rows = await getDb().pushSubscription.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } });
  return rows.map(toInfo);
}

/** The subscription a delivery targets (with its keys), or null when it was removed. */
export async function pushSubscription(id: string) {
  return getDb().pushSubscription.findUnique({ where: { id } });
}

/** The push service said the subscription is gone (404/410). */
export async function removePushSubscription(id: string): Promise<void> {
  await getDb().pushSubscription.deleteMany({ where: { id } });
}

function toInfo(r: { id: string; endpoint: string; createdAt: Date }): PushSubscriptionInfo {
  return { id: r.id, service: new URL(r.endpoint).origin, created_at: r.createdAt.toISOString() };
}
