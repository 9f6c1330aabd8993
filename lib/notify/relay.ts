// The outbox relay, run by workers: turns each new outbox row into deliveries — the user's chosen
// personal channels and their webhook endpoints subscribed to the event — and queues their first
// attempts, in one transaction that also marks the row dispatched. Rows are locked with SKIP
// LOCKED, so several workers share the work, and deliveries carry a dedupe key, so a row is never
// fanned out twice. A sweep re-queues deliveries whose job was lost.
import { getUser } from '../auth/users';
import { getDb } from '../db/client';
import type { Prisma } from '../generated/prisma/client';
import { readTaskNotice } from '../tasks/notice';
import { channelAvailable } from './channels/available';
import { createDeliveries, markAttemptFailed, type NewDelivery, overdueDeliveries } from './deliveries';
import { sendAttempt } from './jobs';
import { taskPayload } from './payload';
import { verifiedPhone } from './phone';
import { listPushSubscriptions } from './push';
import { SETTINGS_EVENTS, type SettingsEvent, WEBHOOK_EVENTS, type WebhookEvent } from './schema';
import { eventChannels } from './settings';
import { endpointsFor } from './webhooks';

interface OutboxRow {
  id: bigint;
  user_id: string;
  event: string;
  task_id: string;
  created_at: Date;
}

/** Fans out up to `limit` outbox rows; returns how many rows it handled. */
export async function dispatchOutbox(limit = 50): Promise<number> {
  return getDb().$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<OutboxRow[]>`
        SELECT id, user_id::text, event, task_id, created_at FROM notification_outbox
        WHERE dispatched_at IS NULL ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      const deliveries: NewDelivery[] = [];
      for (const row of rows) deliveries.push(...(await deliveriesFor(row)));
      await createDeliveries(tx, deliveries);
      await tx.$executeRaw`
        UPDATE notification_outbox SET dispatched_at = now() WHERE id = ANY(${rows.map((r) => r.id)}::bigint[])`;
      return rows.length;
    },
    { timeout: 30_000 },
  );
}

async function deliveriesFor(row: OutboxRow): Promise<NewDelivery[]> {
  const notice = await readTaskNotice(row.task_id);
  if (!notice) return []; // the task (and its user) is gone
  const payload = taskPayload(row.event, notice, row.created_at);
  const out: NewDelivery[] = [];
  const base = { userId: row.user_id, event: row.event, payload: payload as Prisma.InputJsonValue };
  if ((SETTINGS_EVENTS as readonly string[]).includes(row.event)) {
    const { events } = await eventChannels(row.user_id);
    for (const channel of events[row.event as SettingsEvent]) {
      if (!channelAvailable(channel)) continue; // configured away since the user chose it
      if (channel === 'email') {
        const user = await getUser(row.user_id);
        if (!user) continue;
        out.push({
          ...base,
          channel,
          target: { to: user.email, locale: notice.task.options.language ?? 'zh' },
          dedupeKey: `outbox:${row.id}:email`,
        });
      } else if (channel === 'sms') {
        // A number changed since SMS was chosen is unverified: the delivery fails and says so.
        out.push({
          ...base,
          channel,
          target: { to: await verifiedPhone(row.user_id), locale: notice.task.options.language ?? 'zh' },
          dedupeKey: `outbox:${row.id}:sms`,
        });
      } else if (channel === 'push') {
        // One delivery per subscribed browser; none subscribed → nothing to send.
        for (const sub of await listPushSubscriptions(row.user_id)) {
          out.push({
            ...base,
            channel,
            target: { subscription_id: sub.id, endpoint: sub.service, locale: notice.task.options.language ?? 'zh' },
            dedupeKey: `outbox:${row.id}:push:${sub.id}`,
          });
        }
      }
    }
  }
  if ((WEBHOOK_EVENTS as readonly string[]).includes(row.event)) {
    for (const ep of await endpointsFor(row.user_id, row.event as WebhookEvent)) {
      out.push({
        ...base,
        channel: 'webhook',
        target: { endpoint_id: ep.id, url: ep.url },
        dedupeKey: `outbox:${row.id}:webhook:${ep.id}`,
      });
    }
  }
  return out;
}

/** Re-queues deliveries whose next attempt is long overdue (their job was lost); fails those out of attempts. */
export async function sweepOverdue(graceSeconds = 300): Promise<number> {
  const overdue = await overdueDeliveries(graceSeconds);
  for (const d of overdue) {
    if (d.attempts >= d.max_attempts) await markAttemptFailed(d.id, 'its last attempt never reported back', null);
    else await sendAttempt(d.id, d.attempts + 1);
  }
  return overdue.length;
}
