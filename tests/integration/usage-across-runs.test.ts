// A task's recorded model usage is what all of its runs spent, however they ended: a run lost with
// a SIGKILLed worker, a run handed back at a graceful shutdown, and a failed run that is re-run
// each spend on a piece that is never checkpointed (the plan's first answer is malformed and its
// run ends before the piece is done; the killed worker also saves no checkpoint after its first). After the task completes elsewhere, its usage columns, its
// result's usage and its final event equal what the daily spend counted for the user: every call.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../lib/pipeline/offline/test-support';
import type { TaskInfo } from '../../lib/tasks/schema';
import { llmEnv } from '../fake-openai/env';
import { startFakeOpenAI } from '../fake-openai/server';
import { signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import type { Proc } from '../helpers/stack';
import { waitForTask, waitUntil } from '../helpers/wait';

const fake = await startFakeOpenAI();
const env = llmEnv(fake, { QUEUE_SUPERVISE_SECONDS: '1', MAINTENANCE_INTERVAL_SECONDS: '1' });
const stack = stackForFile({
  workers: 0,
  env,
  // One model call at a time: a run that fails cuts off every other call in flight, and such a
  // call is charged an estimate (its prompt, and its answer as far as it had arrived), which may
  // be less than the fake server sent. The last test compares with the server's exact count, so
  // it must have no such call; with calls in parallel one happened on a busy machine.
  workerEnv: { JOB_HEARTBEAT_SECONDS: '10', SHUTDOWN_GRACE_SECONDS: '1', LLM_CONCURRENCY: '1' },
});
const NOVEL = readFixture('a-q-zhengzhuan.zh.txt').slice(0, 9000);

const waitFor = (user: TestUser, id: string, pred: (t: TaskInfo) => boolean) =>
  waitForTask(user.client, id, pred, { timeoutMs: 90_000 });

/** The plan's first answer is malformed and costs tokens; its repair streams slowly (or fails). */
function spendOnAPieceNeverSaved(repair: 'slow' | 'refused') {
  fake.reset();
  fake.faults.add(
    { kind: 'malformed', step: 'plan' },
    repair === 'slow' ? { kind: 'slow', delayMs: 1000, step: 'plan' } : { kind: 'status', status: 401, step: 'plan' },
  );
}

/** Resolves once the repair call of the plan is streaming. */
async function duringTheRepair(): Promise<void> {
  await waitUntil(() => (fake.stats.byStep.plan ?? 0) >= 2, { what: 'the plan repair call', timeoutMs: 60_000 });
  await fake.waitForStreaming('plan', 10_000).catch(() => undefined); // already streaming is fine too
}

/** The user's (fresh, so: this task's) spend today as the daily caps counted it, and the task's row. */
async function ledgers(userId: string, taskId: string) {
  const [daily] = await stack.sql<{ tokens: string; usd: number }>(
    'SELECT tokens::text, cost_usd AS usd FROM daily_spend WHERE user_id = $1',
    [userId],
  );
  const [task] = await stack.sql<{ tokens: string; usd: number; calls: number; model: string }>(
    'SELECT usage_tokens::text AS tokens, usage_cost_usd AS usd, usage_calls AS calls, usage_model AS model FROM script_tasks WHERE id = $1',
    [taskId],
  );
  const [event] = await stack.sql<{ data: { usage?: { prompt_tokens: number; completion_tokens: number } } }>(
    "SELECT data FROM task_events WHERE task_id = $1 AND kind = 'completed'",
    [taskId],
  );
  return { daily, task, event };
}

async function expectEveryCallCounted(user: TestUser, done: TaskInfo) {
  expect(done.status, JSON.stringify(done.error)).toBe('completed');
  const { daily, task, event } = await ledgers(user.id, done.task_id);
  expect(Number(daily?.tokens)).toBeGreaterThan(0);
  expect(task?.model).toBe('fake-chat');
  expect(task?.tokens).toBe(daily?.tokens);
  expect(task?.usd).toBeCloseTo(daily?.usd ?? -1, 9);
  // the result and the final event report the same total across runs
  const usage = done.result?.usage;
  expect((usage?.prompt_tokens ?? 0) + (usage?.completion_tokens ?? 0)).toBe(Number(daily?.tokens));
  expect(usage?.cost_usd).toBeCloseTo(daily?.usd ?? -1, 7);
  expect(usage?.calls).toBe(task?.calls);
  expect((event?.data.usage?.prompt_tokens ?? 0) + (event?.data.usage?.completion_tokens ?? 0)).toBe(
    Number(daily?.tokens),
  );
}

async function stopAll(): Promise<void> {
  for (const w of stack.workers.splice(0)) await w.stop();
}

async function submitOn(worker: () => Promise<Proc>) {
  await stopAll();
  const user = await signUp(stack.web.url);
  const first = await worker();
  const task = await user.client.submitScriptGenerationTask(NOVEL, { model: 'fake-chat', episodes: 3 });
  return { user, first, id: task.task_id };
}

describe('usage of runs that do not end normally', () => {
  it('a worker SIGKILLed mid-task, the task finished elsewhere: its usage is every call the daily spend counted', async () => {
    spendOnAPieceNeverSaved('slow');
    const { user, first, id } = await submitOn(() =>
      stack.addWorker({ WORKER_ID: 'doomed', PROGRESS_FLUSH_MS: '60000' }),
    );
    await duringTheRepair();
    await first.kill();
    await stack.addWorker({ WORKER_ID: 'survivor' });
    const done = await waitFor(user, id, (t) => t.status === 'completed');
    expect(done.attempts).toBe(2);
    await expectEveryCallCounted(user, done);
  }, 150_000);

  it('a run handed back at a graceful shutdown, then completed: every call counted', async () => {
    spendOnAPieceNeverSaved('slow');
    const { user, first, id } = await submitOn(() => stack.addWorker({ WORKER_ID: 'leaving' }));
    await duringTheRepair();
    expect(await first.stop()).toBe(0);
    const kinds = await stack.sql<{ kind: string }>('SELECT kind FROM task_events WHERE task_id = $1', [id]);
    expect(kinds.map((k) => k.kind)).toContain('requeued');
    await stack.addWorker({ WORKER_ID: 'next' });
    const done = await waitFor(user, id, (t) => t.status === 'completed');
    await expectEveryCallCounted(user, done);
  }, 150_000);

  it('a run failing part way, then re-run to completion: every call counted, and every served token', async () => {
    spendOnAPieceNeverSaved('refused');
    const { user, id } = await submitOn(() => stack.addWorker({ WORKER_ID: 'only' }));
    const failed = await waitFor(user, id, (t) => t.status === 'failed');
    expect(failed.error?.code).toBe('model_auth_failed');
    const res = await user.fetch(`/api/tasks/${id}/retry`, { method: 'POST' });
    expect(res.status).toBe(200);
    const done = await waitFor(user, id, (t) => t.status === 'completed');
    await expectEveryCallCounted(user, done);
    // no call was cut off here, so the fake server's count is the same again
    expect(done.result?.usage.prompt_tokens).toBe(fake.stats.prompt_tokens);
    expect(done.result?.usage.completion_tokens).toBe(fake.stats.completion_tokens);
  }, 150_000);
});
