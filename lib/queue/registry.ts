// The one queue registry: every queue's name, payload schema and options, shared by the sender
// (lib/tasks) and the handler (jobs/). Payloads are re-parsed at the handler: a job row is input.
import { z } from 'zod';
import { env } from '../env';
import { DeliverPayload } from '../notify/schema';
import { TaskId } from '../tasks/schema';

export const GenerateScriptPayload = z.object({ task_id: TaskId }).strict();
export type GenerateScriptPayload = z.infer<typeof GenerateScriptPayload>;

export const queues = {
  generateScript: {
    name: 'generate-script',
    payload: GenerateScriptPayload,
    options: () => ({
      notify: true,
      retryLimit: env.JOB_RETRY_LIMIT,
      retryDelay: 2,
      retryBackoff: true,
      retryDelayMax: 60,
      expireInSeconds: env.JOB_EXPIRE_SECONDS,
      heartbeatSeconds: env.JOB_HEARTBEAT_SECONDS,
      deleteAfterSeconds: 7 * 24 * 3600,
    }),
  },
  /** One attempt to deliver one notification (lib/notify). Its own retries are lib/notify's
   * backoff (a new job per attempt); pg-boss retries only a handler that died mid-attempt. */
  notifyDeliver: {
    name: 'notify-deliver',
    payload: DeliverPayload,
    options: () => ({
      notify: true,
      retryLimit: 3,
      retryDelay: 5,
      retryBackoff: true,
      retryDelayMax: 300,
      expireInSeconds: Math.ceil(env.WEBHOOK_TIMEOUT_MS / 1000) * 4 + 60,
      heartbeatSeconds: 30, // boss.work() refreshes it; a dead handler's attempt is retried within a minute
      deleteAfterSeconds: 7 * 24 * 3600,
    }),
  },
} as const;
