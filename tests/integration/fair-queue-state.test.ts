// The queue of owners the fair claim reads (fair_shares.queued, docs/decisions/0103) stays right
// however a job becomes waiting again: pg-boss's retry of a failed job, the expiry of a job whose
// worker died, the resume of a cancelled job, and a submit still in flight while a claim runs.
// Jobs are sent straight through pg-boss with the owner as their group, as lib/tasks does.
import type { PgBoss } from 'pg-boss';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inProcessDb } from '../helpers/in-process';

type Claim = typeof import('../../lib/queue/fair-claim');
let claim: Claim;
let boss: PgBoss;
const db = inProcessDb();
const QUEUE = 'generate-script';
const cfg = { weights: { standard: 1, vip: 3 }, maxRunningPerUser: 100 };

beforeAll(async () => {
  claim = await import('../../lib/queue/fair-claim');
  boss = await (await import('../../lib/queue/boss')).getBoss();
});

beforeEach(async () => {
  await db.sql.query(`DELETE FROM pgboss.job WHERE name = '${QUEUE}'`);
  await db.sql.query('DELETE FROM fair_shares');
});

const send = async (owner: string, task: string) =>
  (await boss.send(QUEUE, { task_id: task }, { group: { id: owner, tier: 'standard' } })) as string;

/** The task ids of one claim of `n` jobs. */
const claimTasks = async (n = 1) =>
  (await claim.claimJobs(n, cfg, boss)).map((j) => (j.data as { task_id: string }).task_id);

const queued = async (owner: string) =>
  (await db.sql.query<{ queued: boolean }>('SELECT queued FROM fair_shares WHERE user_key = $1', [owner])).rows[0]
    ?.queued ?? false;

const backoffOver = (id: string) =>
  db.sql.query('UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND id = $2', [QUEUE, id]);

/** Claims a's only job (which un-queues a: nothing else waits), then finds nothing more. */
async function runOnlyJobOf(owner: string): Promise<string> {
  const id = await send(owner, `${owner}-1`);
  expect(await claimTasks()).toEqual([`${owner}-1`]);
  expect(await claimTasks()).toEqual([]);
  expect(await queued(owner)).toBe(false);
  return id;
}

/**
 * Sends `task` of `owner` in a transaction left open, starts a claim of `n` jobs, checks that the
 * claim waits, commits the send; the claim's task ids.
 */
async function claimDuringSend(owner: string, task: string, n = 1): Promise<string[]> {
  const tx = await db.sql.connect();
  try {
    await tx.query('BEGIN');
    await boss.send(
      QUEUE,
      { task_id: task },
      { group: { id: owner, tier: 'standard' }, db: { executeSql: (text, values) => tx.query(text, values) } },
    );
    const waiting = claimTasks(n);
    const early = await Promise.race([waiting.then(() => 'done'), new Promise((r) => setTimeout(r, 300, 'blocked'))]);
    expect(early).toBe('blocked');
    await tx.query('COMMIT');
    return await waiting;
  } finally {
    tx.release();
  }
}

describe('the fair claim’s queue of owners', () => {
  it('a failed job that pg-boss retries is claimed again', async () => {
    const id = await runOnlyJobOf('a');
    await boss.fail(QUEUE, id, { message: 'boom' });
    // In backoff it is not due: the claim skips it and keeps a queued.
    expect(await claimTasks()).toEqual([]);
    expect(await queued('a')).toBe(true);
    await backoffOver(id);
    expect(await claimTasks()).toEqual(['a-1']);
  });

  it("a killed worker's expired job comes back and is claimed again", async () => {
    const id = await runOnlyJobOf('a');
    // The worker died: no heartbeat since long before the job's heartbeat window.
    await db.sql.query(
      `UPDATE pgboss.job SET started_on = now() - interval '1 hour', heartbeat_on = now() - interval '1 hour'
       WHERE name = $1 AND id = $2`,
      [QUEUE, id],
    );
    await boss.supervise(QUEUE);
    const { rows } = await db.sql.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [id]);
    expect(rows[0]?.state).toBe('retry');
    await backoffOver(id);
    expect(await claimTasks()).toEqual(['a-1']);
  });

  it('a cancelled job that is resumed is claimed; cancelled jobs alone leave no owner queued', async () => {
    const id = await send('a', 'a-1');
    await boss.cancel(QUEUE, id);
    expect(await claimTasks()).toEqual([]);
    expect(await queued('a')).toBe(false);
    await boss.resume(QUEUE, id);
    expect(await claimTasks()).toEqual(['a-1']);
  });

  it('an urgent job of an owner with nothing else waiting starts first, then the rest in turn', async () => {
    await send('a', 'a-1');
    await send('b', 'b-1');
    const urgent = await send('c', 'c-1');
    await db.sql.query('UPDATE pgboss.job SET priority = $1 WHERE id = $2', [claim.URGENT_PRIORITY, urgent]);
    expect(await claimTasks(3)).toEqual(['c-1', 'a-1', 'b-1']);
    expect(await claimTasks()).toEqual([]);
    expect(await Promise.all(['a', 'b', 'c'].map(queued))).toEqual([false, false, false]);
  });

  it('a claim waits for a submit in flight instead of un-queueing its owner', async () => {
    // a is queued with nothing waiting (its only job was cancelled); a's next job is being sent
    // in an open transaction when a claim finds a without a waiting job. The claim must not
    // un-queue a meanwhile.
    await boss.cancel(QUEUE, await send('a', 'a-1'));
    expect(await queued('a')).toBe(true);
    expect(await claimDuringSend('a', 'a-2')).toEqual(['a-2']);
  });

  it("a claim of several jobs that takes an owner's last one waits for that owner's submit in flight", async () => {
    // A claim of 4 that took a's only waiting job would find nothing left of a and un-queue a in
    // the same statement, but a's next job is being sent in an open transaction.
    await send('a', 'a-1');
    expect(await claimDuringSend('a', 'a-2', 4)).toEqual(['a-1', 'a-2']);
    expect(await queued('a')).toBe(false);
  });

  it('an owner whose last due job is claimed stays queued while a retry of it waits in backoff', async () => {
    const [first] = [await send('a', 'a-1'), await send('a', 'a-2')];
    expect(await claimTasks()).toEqual(['a-1']);
    await boss.fail(QUEUE, first as string, { message: 'boom' });
    expect(await claimTasks(4)).toEqual(['a-2']);
    expect(await queued('a')).toBe(true);
    await backoffOver(first as string);
    expect(await claimTasks(4)).toEqual(['a-1']);
    expect(await queued('a')).toBe(false);
  });

  it("a claim whose share for one owner comes up short fills the rest from another owner's queue", async () => {
    // Four slots, shared two and two; a has one job: the claim takes a third of b's.
    await send('a', 'a-1');
    for (const t of ['b-1', 'b-2', 'b-3', 'b-4', 'b-5']) await send('b', t);
    expect((await claimTasks(4)).sort()).toEqual(['a-1', 'b-1', 'b-2', 'b-3']);
    expect(await queued('a')).toBe(false);
    expect(await queued('b')).toBe(true);
  });

  it('owners queued before the trigger existed are found by the backfill', async () => {
    await db.sql.query('DROP TRIGGER shortplay_fair_waiting ON pgboss.job');
    await send('a', 'a-1');
    expect(await queued('a')).toBe(false);
    const { ensureQueues } = await import('../../lib/queue/boss');
    await ensureQueues(boss);
    expect(await queued('a')).toBe(true);
    expect(await claimTasks()).toEqual(['a-1']);
  });
});
