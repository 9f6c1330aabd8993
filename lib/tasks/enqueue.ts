// The one way a task gets a new job: sent inside the caller's transaction (the job exists only
// if the transaction commits, so a task row never waits without one), with the NOTIFYs that wake
// idle workers and tell the task's viewers. Submit, re-run and hand-back all compose it.
import { fromPrisma } from 'pg-boss';
import type { DbTx } from '../db/client';
import { CHANNELS } from '../live/channels';
import { getBoss } from '../queue/boss';
import { queues } from '../queue/registry';

export interface NewJob {
  taskId: string;
  /** The id the task row already records as its job_id. */
  jobId: string;
  priority: number;
}

export async function enqueueRun(tx: DbTx, job: NewJob): Promise<void> {
  const boss = await getBoss(); // started once per process; later calls return at once
  await boss.send(
    queues.generateScript.name,
    { task_id: job.taskId },
    { id: job.jobId, priority: job.priority, db: fromPrisma(tx) },
  );
  await tx.$executeRaw`SELECT pg_notify(${CHANNELS.jobsReady}, ''), pg_notify(${CHANNELS.taskChanged}, ${job.taskId})`;
}
