// The fair claim in-process against a real database and pg-boss: which waiting jobs start next
// when several users queue work. Each test starts from an empty queue and a fresh fair-share clock.
import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inProcessDb } from '../helpers/in-process';

type Claim = typeof import('../../lib/queue/fair-claim');
type TasksMod = typeof import('../../lib/tasks');
let claim: Claim;
let tasks: TasksMod;
const db = inProcessDb({ MAX_ACTIVE_TASKS: '1000', MAX_ACTIVE_TASKS_VIP: '1000', SUBMIT_RATE_PER_MINUTE: '100000' });
const cfg = (maxRunningPerUser = 100) => ({ weights: { standard: 1, vip: 3 }, maxRunningPerUser });

beforeAll(async () => {
  claim = await import('../../lib/queue/fair-claim');
  tasks = await import('../../lib/tasks');
});

beforeEach(async () => {
  await db.sql.query("DELETE FROM pgboss.job WHERE name = 'generate-script'");
  await db.sql.query('DELETE FROM fair_shares');
});

async function user(name: string, tier: 'standard' | 'vip' = 'standard') {
  const { rows } = await db.sql.query<{ id: string }>(
    'INSERT INTO users (email, password_hash, name, tier) VALUES ($1, $2, $3, $4) RETURNING id',
    [`${name}-${randomUUID()}@example.com`, 'x', name, tier],
  );
  return { id: rows[0]?.id as string, tier, name };
}

type User = Awaited<ReturnType<typeof user>>;

async function submit(u: User, n: number, priority?: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const body = { novel_content: `第一章\n阿Q说：“第${i}回。”`, title: `${u.name} ${i}`, priority };
    ids.push((await tasks.createTask(u, body)).task.task_id);
  }
  return ids;
}

/** Claims one job at a time `n` times; the title of each claimed task, in order. */
async function claimOneByOne(n: number, maxRunning = 100): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const [job] = await claim.claimJobs(1, cfg(maxRunning));
    if (!job) break;
    out.push(await titleOf(job));
  }
  return out;
}

async function titleOf(job: { data: unknown }): Promise<string> {
  const taskId = (job.data as { task_id: string }).task_id;
  const { rows } = await db.sql.query<{ title: string }>('SELECT title FROM script_tasks WHERE id = $1', [taskId]);
  return rows[0]?.title as string;
}

const owner = (title: string) => title.split(' ')[0];

describe('fair claim', () => {
  it('serves a VIP three tasks for every one of a standard user, whoever queued more', async () => {
    const std = await user('std');
    const vip = await user('vip', 'vip');
    await submit(std, 6);
    await submit(vip, 12);
    const order = (await claimOneByOne(12)).map(owner);
    expect(order).toEqual(['std', 'vip', 'vip', 'vip', 'std', 'vip', 'vip', 'vip', 'std', 'vip', 'vip', 'vip']);
  });

  it("a newcomer's task starts before the next task of a user with a long backlog", async () => {
    const a = await user('a');
    const b = await user('b');
    await submit(a, 30);
    expect((await claimOneByOne(10)).map(owner)).toEqual(Array(10).fill('a'));
    await submit(b, 1);
    expect(await claimOneByOne(2)).toEqual(['b 0', 'a 10']);
  });

  it('a user returning from idle gets no banked credit', async () => {
    const a = await user('a');
    const b = await user('b');
    await submit(b, 1);
    await claimOneByOne(1); // b was served once, long ago
    await submit(a, 20);
    await claimOneByOne(8);
    await submit(b, 3);
    // b alternates with a from now on instead of taking three turns in a row.
    expect((await claimOneByOne(4)).map(owner)).toEqual(['b', 'a', 'b', 'a']);
  });

  it("priority orders only the user's own tasks and never takes another user's turn", async () => {
    const a = await user('a');
    const b = await user('b');
    await submit(b, 2);
    await submit(a, 2);
    await tasks.createTask(a, { novel_content: '第一章\n阿Q说：“先做这个。”', title: 'a first', priority: 10 });
    expect(await claimOneByOne(5)).toEqual(['b 0', 'a first', 'b 1', 'a 0', 'a 1']);
  });

  it('caps one user at MAX_RUNNING_PER_USER running jobs; a finished job frees a slot', async () => {
    const a = await user('a');
    const b = await user('b');
    await submit(a, 5);
    await submit(b, 5);
    const first = await claim.claimJobs(10, cfg(2));
    expect((await Promise.all(first.map(titleOf))).map(owner).sort()).toEqual(['a', 'a', 'b', 'b']);
    expect(await claim.claimJobs(10, cfg(2))).toEqual([]);
    const { getBoss } = await import('../../lib/queue/boss');
    const boss = await getBoss();
    const aJob = first.find((j) => j.groupId === a.id);
    await boss.complete('generate-script', (aJob as { id: string }).id);
    const next = await claim.claimJobs(10, cfg(2));
    expect((await Promise.all(next.map(titleOf))).map(owner)).toEqual(['a']);
  });

  it("an urgent task starts before everyone's normal tasks and is recorded in its history", async () => {
    const a = await user('a');
    const b = await user('b');
    const admin = { ...(await user('admin')), role: 'admin' as const };
    await submit(a, 3);
    const bIds = await submit(b, 3);
    const urgentId = bIds[2] as string;
    await expect(tasks.setUrgent({ ...b, role: 'user' }, urgentId, true)).rejects.toMatchObject({ status: 403 });
    expect((await tasks.setUrgent(admin, urgentId, true)).urgent).toBe(true);
    expect(await claimOneByOne(3)).toEqual(['b 2', 'a 0', 'b 0']);
    const history = (await tasks.listEvents(admin, urgentId)).events;
    expect(history.map((e) => e.kind)).toContain('marked_urgent');
    expect(history.find((e) => e.kind === 'marked_urgent')?.data).toEqual({ by: admin.id });
    // It has a job running now: no longer waiting, so it cannot be marked again.
    await db.sql.query("UPDATE script_tasks SET status = 'processing' WHERE id = $1", [urgentId]);
    await expect(tasks.setUrgent(admin, urgentId, false)).rejects.toMatchObject({ status: 409 });
  });

  it('a claim that waited for the claim lock sees what the claimer before it committed', async () => {
    // Another claimer holds the lock and has taken a's first job (its pass advanced) when this
    // claim starts. After waiting, this claim must read that state, not the state from before the
    // wait: b's job, not a's head that is already active (nothing), nor a's next (a served twice).
    const a = await user('a');
    const b = await user('b');
    await submit(a, 2);
    await submit(b, 1);
    const holder = await db.sql.connect();
    try {
      await holder.query('BEGIN');
      const { rows } = await holder.query<{ id: string }>(
        `SELECT id::text FROM fair_claim('generate-script', 1, '{"standard":3,"vip":1}', 3, 100, $1)`,
        [claim.URGENT_PRIORITY],
      );
      expect(rows).toHaveLength(1);
      const waiting = claim.claimJobs(1, cfg());
      // The claim is blocked on the lock (it reports no result while the holder is open).
      const early = await Promise.race([waiting.then(() => 'done'), new Promise((r) => setTimeout(r, 300, 'blocked'))]);
      expect(early).toBe('blocked');
      await holder.query('COMMIT');
      expect(await Promise.all((await waiting).map(titleOf))).toEqual(['b 0']);
    } finally {
      holder.release();
    }
  });
});
