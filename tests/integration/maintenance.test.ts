// Maintenance in-process against a real database and pg-boss: orphaned tasks (job gone or ended
// for good) are failed with a reason, healthy ones are left alone, expired e-mail verification
// links are deleted (used or not) while live ones stay, and only one process runs it at a time.
import { beforeAll, describe, expect, it } from 'vitest';
import { inProcessDb } from '../helpers/in-process';

type Maintenance = typeof import('../../jobs/maintenance');
type TasksMod = typeof import('../../lib/tasks');
let maintenance: Maintenance;
let tasks: TasksMod;
const db = inProcessDb({ ORPHAN_GRACE_SECONDS: '60' });

beforeAll(async () => {
  maintenance = await import('../../jobs/maintenance');
  tasks = await import('../../lib/tasks');
});

/** A task waiting for 5 minutes (as if nothing had touched it), and its job id. */
async function quietTask(title: string) {
  const { task } = await tasks.createTask(db.actor, { novel_content: '第一章\n阿Q说：“嗯。”', title });
  const { rows } = await db.sql.query<{ job_id: string }>(
    "UPDATE script_tasks SET updated_at = now() - interval '5 minutes' WHERE id = $1 RETURNING job_id::text",
    [task.task_id],
  );
  return { id: task.task_id, jobId: rows[0]?.job_id as string };
}

const row = async (id: string) =>
  (
    await db.sql.query<{ status: string; error_code: string | null; kinds: string[] }>(
      `SELECT status::text, error_code,
              (SELECT array_agg(kind ORDER BY id) FROM task_events e WHERE e.task_id = t.id) AS kinds
       FROM script_tasks t WHERE id = $1`,
      [id],
    )
  ).rows[0];

describe('maintenance', () => {
  it('fails tasks whose job is gone or ended, leaves waiting jobs and fresh tasks alone', async () => {
    const gone = await quietTask('job deleted by retention');
    const ended = await quietTask('job failed for good');
    const waiting = await quietTask('job still queued');
    const fresh = await tasks.createTask(db.actor, { novel_content: '第一章\n阿Q。', title: 'just submitted' });
    await db.sql.query('DELETE FROM pgboss.job WHERE id = $1', [gone.jobId]);
    await db.sql.query("UPDATE pgboss.job SET state = 'failed' WHERE id = $1", [ended.jobId]);
    await db.sql.query('DELETE FROM pgboss.job WHERE id = (SELECT job_id FROM script_tasks WHERE id = $1)', [
      fresh.task.task_id,
    ]);

    const report = await maintenance.runMaintenance();
    expect(report?.orphansFailed).toBe(2);
    for (const t of [gone, ended]) {
      expect(await row(t.id)).toMatchObject({ status: 'failed', error_code: 'worker_lost' });
      expect((await row(t.id))?.kinds.at(-1)).toBe('failed');
    }
    expect((await row(waiting.id))?.status).toBe('pending');
    expect((await row(fresh.task.task_id))?.status).toBe('pending'); // within the grace period
    // Nothing left to do: a second run changes nothing.
    expect((await maintenance.runMaintenance())?.orphansFailed).toBe(0);
  });

  it('deletes e-mail verification links past their expiry, used or not, and keeps live ones', async () => {
    const link = (name: string, expires: string, used: boolean) =>
      db.sql.query(
        `INSERT INTO email_verifications (id, user_id, token_hash, email, expires_at, used_at)
         VALUES (gen_random_uuid(), $1, $2, 'someone@example.com', now() + $3::interval, CASE WHEN $4 THEN now() END)`,
        [db.actor.id, `hash-${name}`, expires, used],
      );
    await link('expired', '-1 hour', false);
    await link('expired-used', '-1 minute', true);
    await link('live', '23 hours', false);
    await link('live-used', '1 hour', true); // kept: a second click still answers "already verified"
    const report = await maintenance.runMaintenance();
    expect(report?.verificationsPruned).toBe(2);
    const { rows } = await db.sql.query<{ token_hash: string }>(
      'SELECT token_hash FROM email_verifications WHERE user_id = $1 ORDER BY token_hash',
      [db.actor.id],
    );
    expect(rows.map((r) => r.token_hash)).toEqual(['hash-live', 'hash-live-used']);
    expect((await maintenance.runMaintenance())?.verificationsPruned).toBe(0);
  });

  it('runs in one process at a time: skipped while another session holds the lock', async () => {
    const other = await db.sql.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [maintenance.MAINTENANCE_LOCK]);
      expect(await maintenance.runMaintenance()).toBeNull();
    } finally {
      await other.query('SELECT pg_advisory_unlock($1)', [maintenance.MAINTENANCE_LOCK]);
      other.release();
    }
    // Free again: this process takes it.
    expect(await maintenance.runMaintenance()).not.toBeNull();
  });
});
