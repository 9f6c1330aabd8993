// The delivery core's channel-agnostic entry point, for senders other than task events (issue
// 13's admin alerts): one message to one target on one channel, with the same retries, backoff,
// final `failed` state and delivery log as task notifications.
import { type DbTx, getDb } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { createDeliveries } from './deliveries';
import type { ChannelKind } from './schema';

export interface EnqueueOptions {
  /** Shown in the delivery log (e.g. `alert.queue_backlog`). */
  event: string;
  /** Whose log it appears in; null for operator channels. */
  userId?: string | null;
  /** Same key twice → one delivery. */
  dedupeKey?: string;
  maxAttempts?: number;
  /** Queue it inside this transaction: it exists only if the transaction commits. */
  tx?: DbTx;
}

/**
 * Queues a message. `target` is the channel's: `{to, locale}` for e-mail, `{endpoint_id}` for a
 * webhook endpoint. Returns the delivery id (the stable id receivers deduplicate on), or null
 * when `dedupeKey` was already used.
 */
export async function enqueue(
  kind: ChannelKind,
  target: Prisma.InputJsonValue,
  payload: Prisma.InputJsonValue,
  opts: EnqueueOptions,
): Promise<string | null> {
  const row = {
    userId: opts.userId ?? null,
    channel: kind,
    event: opts.event,
    target,
    payload,
    ...(opts.dedupeKey ? { dedupeKey: opts.dedupeKey } : {}),
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
  };
  const [id] = opts.tx
    ? await createDeliveries(opts.tx, [row])
    : await getDb().$transaction((tx) => createDeliveries(tx, [row]));
  return id ?? null;
}
