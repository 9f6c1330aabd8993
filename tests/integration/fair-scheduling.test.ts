// Fair scheduling with real workers: two worker processes with two slots each, every task paced so
// it runs for seconds. One user's 200-task backlog must not hold another user's task behind it.
// Tasks are long so that no slot frees while B's submit commits: the first claim after it must be B.
// A claim is read from pg-boss's job row (started_on), the moment the worker took the job.
import { describe, expect, it } from 'vitest';
import { json, signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { waitForTask, waitUntil } from '../helpers/wait';

const LIMITS = { MAX_ACTIVE_TASKS: '1000', SUBMIT_RATE_PER_MINUTE: '100000', MAX_RUNNING_PER_USER: '4' };
const stack = stackForFile({
  workers: 2,
  env: LIMITS,
  workerEnv: { WORKER_CONCURRENCY: '2', OFFLINE_ENGINE_DELAY_MS: '400' },
});

const novel = (i: number) => `第一章 第${i}回\n\n阿Q说：“我们先前比你阔多啦！”赵太爷骂道：“你也配姓赵！”\n`;

async function submitMany(user: TestUser, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < n; start += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, n - start) }, async (_, k) => {
        const res = await user.fetch('/api/tasks', json({ novel_content: novel(start + k), title: `A ${start + k}` }));
        expect(res.status).toBe(202);
        return ((await res.json()) as { task_id: string }).task_id;
      }),
    );
    ids.push(...batch);
  }
  return ids;
}

const countRunning = async (userId: string) =>
  Number(
    (
      await stack.sql<{ n: string }>(
        "SELECT count(*) AS n FROM script_tasks WHERE user_id = $1 AND status = 'processing'",
        [userId],
      )
    )[0]?.n,
  );

describe('fair scheduling across users', () => {
  it("a user's 200 queued tasks do not hold back another user's one: it starts at the next free slot", async () => {
    const a = await signUp(stack.web.url, 'backlog');
    const b = await signUp(stack.web.url, 'newcomer');
    await submitMany(a, 200);
    // A fills all four slots; everything else of A's waits.
    await waitUntil(async () => (await countRunning(a.id)) === 4 || null, { what: "all four slots running A's tasks" });

    const res = await b.fetch('/api/tasks', json({ novel_content: novel(0), title: 'B 0' }));
    expect(res.status).toBe(202);
    const bTask = ((await res.json()) as { task_id: string }).task_id;
    const [committed] = await stack.sql<{ at: Date }>('SELECT now() AS at');
    await waitForTask(b.client, bTask, (t) => t.status !== 'pending', { timeoutMs: 60_000 });

    const [timing] = await stack.sql<{ created: Date; started: Date }>(
      'SELECT created_at AS created, started_at AS started FROM script_tasks WHERE id = $1',
      [bTask],
    );
    expect(timing?.started).toBeTruthy();
    // No claim that began after B's submit committed gave A a task before B's. A claim is when the
    // worker took the job (pgboss.job.started_on, the claim transaction's time); the task row's
    // started_at is written a moment later, so a claim made just before the commit can stamp an A
    // task after it under load, which is not a claim that passed B over.
    const starts = await stack.sql<{ title: string; started_on: Date }>(
      `SELECT t.title, j.started_on FROM script_tasks t JOIN pgboss.job j ON j.id = t.job_id
        WHERE t.user_id = $1 AND j.started_on > $2
          AND j.started_on < (SELECT j2.started_on FROM pgboss.job j2 JOIN script_tasks t2 ON j2.id = t2.job_id WHERE t2.id = $3)`,
      [a.id, committed?.at, bTask],
    );
    expect(starts, `B submitted ${committed?.at.toISOString()}, started ${timing?.started.toISOString()}`).toEqual([]);
    const [jumped] = await stack.sql<{ older_waiting: string }>(
      `SELECT count(*) FILTER (WHERE created_at < $2 AND (started_at IS NULL OR started_at > $3)) AS older_waiting
       FROM script_tasks WHERE user_id = $1`,
      [a.id, timing?.created, timing?.started],
    );
    expect(Number(jumped?.older_waiting)).toBeGreaterThan(150);
    // And a slot had to free first: B did not start while A held all four.
    const [finishedBefore] = await stack.sql<{ n: string }>(
      'SELECT count(*) AS n FROM script_tasks WHERE user_id = $1 AND finished_at <= $2',
      [a.id, timing?.started],
    );
    expect(Number(finishedBefore?.n)).toBeGreaterThan(0);

    // A's remaining backlog is of no further interest: cancel it so the workers go idle.
    await stack.sql("UPDATE script_tasks SET cancel_requested_at = now() WHERE user_id = $1 AND status = 'pending'", [
      a.id,
    ]);
  });
});
