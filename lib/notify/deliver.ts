// One attempt of one delivery (the notify-deliver job's handler): claim it, send on its channel,
// record the answer; on failure, either queue the next attempt after an exponential backoff
// (lib/retry) or, with no attempt left or no point retrying, mark it failed with the reason.
import { getDb } from '../db/client';
import { env } from '../env';
import { backoffDelay } from '../retry/backoff';
import { channelFor } from './channels';
import { DeliveryFailure } from './channels/types';
import { claimAttempt, markAttemptFailed, markDelivered } from './deliveries';
import { sendAttempt } from './jobs';
import { DeliverPayload } from './schema';

export type AttemptOutcome = 'delivered' | 'retrying' | 'failed' | 'skipped';

export function retryDelayMs(attemptsMade: number): number {
  return backoffDelay(attemptsMade - 1, {
    baseMs: env.NOTIFY_RETRY_BASE_MS,
    maxMs: env.NOTIFY_RETRY_MAX_MS,
    jitter: 'equal',
  });
}

export async function deliverAttempt(data: unknown): Promise<AttemptOutcome> {
  const job = DeliverPayload.safeParse(data);
  if (!job.success) return 'skipped'; // a job row is input: a malformed one is dropped, not retried
  const d = await claimAttempt(job.data.delivery_id, job.data.attempt);
  if (!d) return 'skipped'; // delivered, failed, or an older attempt's job
  const channel = channelFor(d.channel);
  let response: string;
  try {
    if (!channel) throw new DeliveryFailure(`no ${d.channel} channel on this server`, false);
    response = await channel.send(d);
  } catch (err) {
    const retryable = !(err instanceof DeliveryFailure) || err.retryable;
    const message = (err as Error).message || String(err);
    const retryAt = retryable && d.attempts < d.maxAttempts ? new Date(Date.now() + retryDelayMs(d.attempts)) : null;
    const note = retryAt ? message : `${message} — gave up after ${d.attempts} attempt(s)`;
    await getDb().$transaction(async (tx) => {
      await markAttemptFailed(d.id, note, retryAt, tx);
      if (retryAt) await sendAttempt(d.id, d.attempts + 1, { startAfter: retryAt, tx });
    });
    return retryAt ? 'retrying' : 'failed';
  }
  await markDelivered(d.id, response);
  return 'delivered';
}
