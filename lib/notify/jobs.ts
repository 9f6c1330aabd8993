// One pg-boss job per delivery attempt, with an id derived from (delivery, attempt): sending the
// same attempt twice — a relay that crashed before marking its outbox row, a sweep that finds a
// stalled delivery — is a no-op while the job exists.
import { createHash } from 'node:crypto';
import { fromPrisma } from 'pg-boss';
import type { DbTx } from '../db/client';
import { getBoss } from '../queue/boss';
import { queues } from '../queue/registry';
import type { DeliverPayload } from './schema';

const QUEUE = queues.notifyDeliver.name;

/** A UUID (v8 layout) from the delivery id and attempt number. */
export function attemptJobId(deliveryId: string, attempt: number): string {
  const h = createHash('sha256').update(`${deliveryId}:${attempt}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((Number.parseInt(h[16] ?? '0', 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Queues attempt `attempt` of a delivery, at `startAfter` (default now), on `tx` when given. */
export async function sendAttempt(
  deliveryId: string,
  attempt: number,
  opts: { startAfter?: Date; tx?: DbTx } = {},
): Promise<void> {
  const boss = await getBoss();
  const data: DeliverPayload = { delivery_id: deliveryId, attempt };
  await boss.send(QUEUE, data, {
    id: attemptJobId(deliveryId, attempt),
    ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
    ...(opts.tx ? { db: fromPrisma(opts.tx) } : {}),
  });
}
