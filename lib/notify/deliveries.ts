// The notification_deliveries table: create (with its first job, in one transaction), claim an
// attempt, record its outcome, read the log.
import { randomUUID } from 'node:crypto';
import { type DbTx, getDb } from '../db/client';
import { env } from '../env';
import type { Prisma } from '../generated/prisma/client';
import { sendAttempt } from './jobs';
import type { ChannelKind, DeliveryInfo } from './schema';
import { clean, cut } from './text';

export interface NewDelivery {
  userId: string | null;
  channel: ChannelKind;
  event: string;
  target: Prisma.InputJsonValue;
  payload: Prisma.InputJsonValue;
  /** Same key twice → one delivery (the relay's fan-out is idempotent through it). */
  dedupeKey?: string;
  maxAttempts?: number;
}

export interface Delivery {
  id: string;
  userId: string | null;
  channel: ChannelKind;
  event: string;
  target: unknown;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

/** Inserts the deliveries not already there and queues their first attempt, on `tx`. Returns the new ids. */
export async function createDeliveries(tx: DbTx, rows: NewDelivery[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of rows) {
    const id = randomUUID();
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO notification_deliveries (id, user_id, dedupe_key, channel, event, target, payload, max_attempts)
      VALUES (${id}::uuid, ${r.userId}::uuid, ${r.dedupeKey ?? id}, ${r.channel}, ${r.event},
              ${JSON.stringify(r.target)}::jsonb, ${JSON.stringify(r.payload)}::jsonb, ${r.maxAttempts ?? env.NOTIFY_MAX_ATTEMPTS})
      ON CONFLICT (dedupe_key) DO NOTHING RETURNING id::text`;
    if (inserted.length === 0) continue;
    await sendAttempt(id, 1, { tx });
    ids.push(id);
  }
  return ids;
}

/**
 * Claims attempt `attempt` of a pending delivery. The job of the same attempt coming back (its
 * handler died mid-way) claims it again: delivery is at least once.
 */
export async function claimAttempt(id: string, attempt: number): Promise<Delivery | null> {
  const rows = await getDb().$queryRaw<
    {
      id: string;
      user_id: string | null;
      channel: ChannelKind;
      event: string;
      target: unknown;
      payload: unknown;
      attempts: number;
      max_attempts: number;
    }[]
  >`
    UPDATE notification_deliveries SET attempts = ${attempt}, updated_at = now()
    WHERE id = ${id}::uuid AND status = 'pending' AND attempts IN (${attempt - 1}, ${attempt})
    RETURNING id::text, user_id::text, channel, event, target, payload, attempts, max_attempts`;
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    userId: r.user_id,
    channel: r.channel,
    event: r.event,
    target: r.target,
    payload: r.payload,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
  };
}

/** What the log keeps of an answer: cleaned (a receiver may answer NUL), at most 1000 characters. */
const clip = (s: string) => cut(clean(s), 1000);

export async function markDelivered(id: string, response: string): Promise<void> {
  await getDb().$executeRaw`
    UPDATE notification_deliveries SET status = 'delivered', last_response = ${clip(response)},
      delivered_at = now(), updated_at = now()
    WHERE id = ${id}::uuid AND status = 'pending'`;
}

/** A failed attempt: wait for the next one at `retryAt`, or fail for good when it is null. */
export async function markAttemptFailed(
  id: string,
  response: string,
  retryAt: Date | null,
  db: DbTx = getDb(),
): Promise<void> {
  await db.$executeRaw`
    UPDATE notification_deliveries SET last_response = ${clip(response)}, updated_at = now(),
      status = CASE WHEN ${retryAt}::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
      next_attempt_at = COALESCE(${retryAt}::timestamptz, next_attempt_at)
    WHERE id = ${id}::uuid AND status = 'pending'`;
}

/** Pending deliveries whose next attempt is overdue by `graceSeconds`: their job was lost. */
export async function overdueDeliveries(graceSeconds: number, limit = 100) {
  return getDb().$queryRaw<{ id: string; attempts: number; max_attempts: number }[]>`
    SELECT id::text, attempts, max_attempts FROM notification_deliveries
    WHERE status = 'pending' AND next_attempt_at < now() - make_interval(secs => ${graceSeconds})
      AND updated_at < now() - make_interval(secs => ${graceSeconds})
    ORDER BY next_attempt_at LIMIT ${limit}`;
}

/** The user's delivery log, newest first. */
export async function listDeliveries(userId: string, limit = 50): Promise<DeliveryInfo[]> {
  const rows = await getDb().notificationDelivery.findMany({
    where: { userId },
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel as ChannelKind,
    event: r.event,
    target: describeTarget(r.target),
    status: r.status as DeliveryInfo['status'],
    attempts: r.attempts,
    max_attempts: r.maxAttempts,
    last_response: r.lastResponse,
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    next_attempt_at: r.status === 'pending' ? r.nextAttemptAt.toISOString() : null,
  }));
}

function describeTarget(target: unknown): string {
  const t = (target ?? {}) as Record<string, unknown>;
  return String(t.to ?? t.url ?? t.endpoint ?? '');
}
