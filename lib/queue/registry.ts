// The one queue registry: every queue's name, payload schema and options, shared by the sender
// (lib/tasks) and the handler (jobs/). Payloads are re-parsed at the handler: a job row is input.
import { z } from 'zod';
import { env } from '../env';
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
} as const;
