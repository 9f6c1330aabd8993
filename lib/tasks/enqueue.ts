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
import { type JobGroup, jobGroup, jobPriority } from '../queue/fair-claim';
import { queues } from '../queue/registry';

/** For the statement's CTE `t` holding the task: `… LATERAL (SELECT ${NOTIFY_QUEUED}) n`. */
export const NOTIFY_QUEUED = Prisma.sql`pg_notify(${CHANNELS.jobsReady}, ''), pg_notify(${CHANNELS.taskChanged}, t.id)`;

/**
 * For the same statement's final SELECT over `t` (which RETURNs priority, urgent and user_id):
 * what the job needs to be scheduled fairly — the owner's priority, urgency, id and tier.
 */
export const JOB_SCHEDULING = Prisma.sql`t.priority, t.urgent, t.user_id::text AS "userId",
  (SELECT u.tier::text FROM users u WHERE u.id = t.user_id) AS tier`;

/** A row selected with JOB_SCHEDULING. */
export interface JobSchedulingRow {
  priority: number;
  urgent: boolean;
  userId: string;
  tier: JobGroup['tier'];
}

export interface NewJob {
  taskId: string;
  /** The id the task row already records as its job_id. */
  jobId: string;
  /** The owner's own 0–10 priority. */
  priority: number;
  urgent: boolean;
  /** Whose task it is: the fair claim's round robin and running cap are per owner. */
  owner: JobGroup;
}

export const newJob = (taskId: string, jobId: string, row: JobSchedulingRow): NewJob => ({
  taskId,
  jobId,
  priority: row.priority,
  urgent: row.urgent,
  owner: { userId: row.userId, tier: row.tier },
});

const jobOptions = (job: NewJob) => ({
  id: job.jobId,
  priority: jobPriority(job.priority, job.urgent),
  group: jobGroup(job.owner),
});

export async function sendRunJob(tx: DbTx, job: NewJob): Promise<void> {
  const boss = await getBoss(); // started once per process; later calls return at once
  await boss.send(queues.generateScript.name, { task_id: job.taskId }, { ...jobOptions(job), db: fromPrisma(tx) });
}

/** Many tasks' jobs in one round trip (a batch); the statement that wrote the rows selected NOTIFY_QUEUED. */
export async function sendRunJobs(tx: DbTx, jobs: NewJob[]): Promise<void> {
  const boss = await getBoss();
  await boss.insert(
    queues.generateScript.name,
    jobs.map((job) => ({ data: { task_id: job.taskId }, ...jobOptions(job) })),
    { db: fromPrisma(tx) },
  );
}

/** A waiting job's new priority (urgent marked or taken back); a job already running is left alone. */
export async function setJobPriority(tx: DbTx, jobId: string, priority: number): Promise<void> {
  const boss = await getBoss();
  await boss.update(queues.generateScript.name, undefined, { id: jobId, priority, db: fromPrisma(tx) });
}
