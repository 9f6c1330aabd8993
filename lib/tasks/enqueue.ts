// The one way a task gets a new job (submit, re-run, hand-back), composed in the caller's
// transaction from two parts defined here: the guarded statement that gives the task its new
// job_id also selects NOTIFY_QUEUED for its row — NOTIFYs are delivered at commit, so idle workers
// fetch and the task's viewers re-read only once it holds — and then sendRunJob sends the pg-boss
// job on the same transaction. A task never waits without its job, nor a job without its row,
// and the NOTIFYs cost no round trip of their own.
import { fromPrisma } from 'pg-boss';
import type { DbTx } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import { CHANNELS } from '../live/channels';
import { getBoss } from '../queue/boss';
import { queues } from '../queue/registry';

/** For the statement's CTE `t` holding the task: `… LATERAL (SELECT ${NOTIFY_QUEUED}) n`. */
export const NOTIFY_QUEUED = Prisma.sql`pg_notify(${CHANNELS.jobsReady}, ''), pg_notify(${CHANNELS.taskChanged}, t.id)`;

export interface NewJob {
  taskId: string;
  /** The id the task row already records as its job_id. */
  jobId: string;
  priority: number;
}

export async function sendRunJob(tx: DbTx, job: NewJob): Promise<void> {
  const boss = await getBoss(); // started once per process; later calls return at once
  await boss.send(
    queues.generateScript.name,
    { task_id: job.taskId },
    { id: job.jobId, priority: job.priority, db: fromPrisma(tx) },
  );
}
