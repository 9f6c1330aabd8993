// Nothing is lost when workers die: SIGKILL mid-task → another worker finishes it with exactly
// one result; SIGTERM → the task is handed back; a kill on the last allowed attempt → failed with
// a reason by maintenance, never stuck in processing.
import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../lib/tasks/schema';
import { signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { waitForTask } from '../helpers/wait';

const stack = stackForFile({
  workers: 0,
  env: { QUEUE_SUPERVISE_SECONDS: '1', MAINTENANCE_INTERVAL_SECONDS: '1', ORPHAN_GRACE_SECONDS: '1' },
  workerEnv: { OFFLINE_ENGINE_DELAY_MS: '250', JOB_HEARTBEAT_SECONDS: '10' },
});

const NOVEL = Array.from({ length: 8 }, (_, i) => `第${i + 1}章\n\n阿Q说：“第${i + 1}回，我们先前比你阔多啦！”\n`).join(
  '\n',
);

const waitUntil = (user: TestUser, id: string, pred: (t: TaskInfo) => boolean, timeoutMs = 60_000) =>
  waitForTask(user.client, id, pred, { timeoutMs });

async function eventKinds(taskId: string) {
  return (
    await stack.sql<{ kind: string }>('SELECT kind FROM task_events WHERE task_id = $1 ORDER BY id', [taskId])
  ).map((e) => e.kind);
}

describe('worker faults', () => {
  it('SIGKILL mid-task: another worker takes the task over and completes it with exactly one result', async () => {
    const user = await signUp(stack.web.url);
    const doomed = await stack.addWorker({ WORKER_ID: 'doomed' });
    const task = await user.client.submitScriptGenerationTask(NOVEL, { episodes: 8 });
    await waitUntil(user, task.task_id, (t) => t.status === 'processing' && t.progress > 10);
    const [row] = await stack.sql<{ worker_id: string }>('SELECT worker_id FROM script_tasks WHERE id = $1', [
      task.task_id,
    ]);
    expect(row?.worker_id).toBe('doomed');
    await doomed.kill();
    await stack.addWorker({ WORKER_ID: 'survivor' });
    const done = await waitUntil(user, task.task_id, (t) => t.status === 'completed', 90_000);
    expect(done.attempts).toBe(2);
    expect(done.result?.episodes).toHaveLength(8);
    const kinds = await eventKinds(task.task_id);
    expect(kinds.filter((k) => k === 'completed')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'started')).toHaveLength(2);
    const [final] = await stack.sql<{ worker_id: string }>('SELECT worker_id FROM script_tasks WHERE id = $1', [
      task.task_id,
    ]);
    expect(final?.worker_id).toBe('survivor');
  }, 120_000);

  it('SIGTERM: running tasks finish within the grace period, or are handed back and finished elsewhere', async () => {
    const user = await signUp(stack.web.url);
    const leaving = await stack.addWorker({
      WORKER_ID: 'leaving',
      SHUTDOWN_GRACE_SECONDS: '1',
      OFFLINE_ENGINE_DELAY_MS: '500',
    });
    for (const w of stack.workers) if (w !== leaving) await w.stop();
    const task = await user.client.submitScriptGenerationTask(NOVEL, { episodes: 8 });
    await waitUntil(user, task.task_id, (t) => t.status === 'processing' && t.progress > 5);
    const code = await leaving.stop();
    expect(code).toBe(0);
    const handedBack = await user.client.queryTaskStatus(task.task_id);
    expect(handedBack.status).toBe('pending');
    expect(await eventKinds(task.task_id)).toContain('requeued');
    await stack.addWorker({ WORKER_ID: 'next' });
    const done = await waitUntil(user, task.task_id, (t) => t.status === 'completed');
    expect(done.attempts).toBe(2);
    expect((await eventKinds(task.task_id)).filter((k) => k === 'completed')).toHaveLength(1);
  }, 120_000);

  it('a kill on the last allowed attempt ends the task failed with a reason, not stuck', async () => {
    const user = await signUp(stack.web.url);
    for (const w of stack.workers) await w.stop();
    const doomed = await stack.addWorker({ WORKER_ID: 'last-try', JOB_RETRY_LIMIT: '0' });
    // That worker set the queue's retry limit to 0 at start; jobs copy it when they are sent.
    const [queue] = await stack.sql<{ retry_limit: number }>(
      "SELECT retry_limit FROM pgboss.queue WHERE name = 'generate-script'",
    );
    expect(queue?.retry_limit).toBe(0);
    const task = await user.client.submitScriptGenerationTask(NOVEL, { episodes: 8 });
    await waitUntil(user, task.task_id, (t) => t.status === 'processing' && t.progress > 5);
    await doomed.kill();
    // a healthy worker runs maintenance (and would pick the job up, if pg-boss retried it)
    await stack.addWorker({ WORKER_ID: 'janitor', JOB_RETRY_LIMIT: '0' });
    const failed = await waitUntil(user, task.task_id, (t) => t.status === 'failed', 90_000);
    expect(failed.error).toMatchObject({ code: 'worker_lost', retryable: true });
    expect(failed.error?.message).toMatch(/stopped/);
  }, 120_000);
});
