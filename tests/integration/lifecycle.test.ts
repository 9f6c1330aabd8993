// A task's life seen from outside: live progress over SSE (also through a second web process),
// cancel while waiting or running, re-run of failed and cancelled tasks, and 409s.
import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../lib/tasks/schema';
import { json, signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { collectStream } from '../helpers/sse';
import { startWeb } from '../helpers/stack';
import { waitForTask } from '../helpers/wait';

// Paced so a task runs for a few seconds; one task at a time so a second one stays pending.
const stack = stackForFile({
  workers: 1,
  env: { SSE_HEARTBEAT_SECONDS: '1' },
  workerEnv: { OFFLINE_ENGINE_DELAY_MS: '150', WORKER_CONCURRENCY: '1' },
});

const NOVEL = Array.from(
  { length: 6 },
  (_, i) => `第${i + 1}章 第${i + 1}回\n\n阿Q说：“我们先前比你阔多啦！”赵太爷骂道：“你也配姓赵！”\n`,
).join('\n');

const waitUntil = (user: TestUser, id: string, pred: (t: TaskInfo) => boolean) =>
  waitForTask(user.client, id, pred, { timeoutMs: 30_000 });

/** A long task that holds the worker's one slot, so the next ones stay waiting. */
async function occupyTheWorker(user: TestUser): Promise<TaskInfo> {
  const busy = await user.client.submitScriptGenerationTask(NOVEL, { episodes: 6 });
  return waitUntil(user, busy.task_id, (t) => t.status === 'processing');
}

/** POST /api/tasks/{id}/{action} answers 409 with `code`. */
async function expectConflict(user: TestUser, taskId: string, action: 'cancel' | 'retry', code: string) {
  const res = await user.fetch(`/api/tasks/${taskId}/${action}`, { method: 'POST' });
  expect(res.status).toBe(409);
  expect((await res.json()).error.code).toBe(code);
}

describe('live progress over SSE', () => {
  it('sends the current state first, every change in order, heartbeats, then end', async () => {
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(NOVEL, { episodes: 4 });
    const { messages, comments, contentType, ended } = await collectStream(
      `${stack.web.url}/api/tasks/${task.task_id}/events`,
      user.token,
    );
    expect(contentType).toMatch(/text\/event-stream/);
    expect(ended).toBe(true);
    const states = messages.filter((m) => m.task).map((m) => m.task as TaskInfo);
    expect(states[0]?.status).toMatch(/pending|processing/);
    expect(states.at(-1)?.status).toBe('completed');
    expect(states.at(-1)?.progress).toBe(100);
    expect(states.at(-1)?.result?.episodes).toHaveLength(4);
    const order = { pending: 0, processing: 1, completed: 2 } as Record<string, number>;
    for (let i = 1; i < states.length; i++) {
      const a = states[i - 1] as TaskInfo;
      const b = states[i] as TaskInfo;
      expect(order[b.status]).toBeGreaterThanOrEqual(order[a.status] as number);
      if (a.status === b.status) expect(b.progress).toBeGreaterThanOrEqual(a.progress);
      expect(b.updated_at >= a.updated_at).toBe(true);
    }
    expect(new Set(states.map((s) => s.message)).size).toBeGreaterThan(3); // stage messages came through
    expect(comments).toBeGreaterThanOrEqual(1); // heartbeats while running
    expect(messages.at(-1)?.msg.event).toBe('end');
  });

  it('a stream for a finished task sends its state and ends at once', async () => {
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(NOVEL);
    await user.client.waitForTaskCompletion(task.task_id, undefined, { timeoutMs: 30_000 });
    const started = Date.now();
    const { messages } = await collectStream(`${stack.web.url}/api/tasks/${task.task_id}/events`, user.token);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(messages.map((m) => m.msg.event)).toEqual(['task', 'end']);
  });

  it('works across web processes: a second web process streams changes made through the first', async () => {
    const web2 = await startWeb(stack.dbUrl, { SSE_HEARTBEAT_SECONDS: '1' });
    try {
      const user = await signUp(stack.web.url);
      const task = await user.client.submitScriptGenerationTask(NOVEL);
      const { messages, ended } = await collectStream(`${web2.url}/api/tasks/${task.task_id}/events`, user.token);
      expect(ended).toBe(true);
      expect(messages.filter((m) => m.task).at(-1)?.task?.status).toBe('completed');
    } finally {
      await web2.stop();
    }
  });
});

describe('cancel', () => {
  it('a running task is aborted within 1 s of the request and ends cancelled', async () => {
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(NOVEL, { episodes: 6 });
    await waitUntil(user, task.task_id, (t) => t.status === 'processing' && t.progress > 0);
    let cancelledAt = 0;
    let subscribed: () => void = () => undefined;
    const firstState = new Promise<void>((resolve) => {
      subscribed = resolve;
    });
    const stream = collectStream(`${stack.web.url}/api/tasks/${task.task_id}/events`, user.token, {
      onMessage: (r) => {
        if (r.task) subscribed(); // the stream is open and following the task
        if (r.task?.status === 'cancelled' && !cancelledAt) cancelledAt = r.at;
      },
    });
    await firstState;
    const requestedAt = Date.now();
    const res = await user.fetch(`/api/tasks/${task.task_id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as TaskInfo;
    expect(body.cancel_requested).toBe(true);
    await stream;
    expect(cancelledAt).toBeGreaterThan(0);
    expect(cancelledAt - requestedAt).toBeLessThan(1_000);
    const final = await user.client.queryTaskStatus(task.task_id);
    expect(final.status).toBe('cancelled');
    expect(final.result).toBeUndefined();
    const events = await stack.sql<{ kind: string }>('SELECT kind FROM task_events WHERE task_id = $1 ORDER BY id', [
      task.task_id,
    ]);
    const kinds = events.map((e) => e.kind);
    expect(kinds.at(-1)).toBe('cancelled');
    expect(kinds.filter((k) => k === 'cancelled')).toHaveLength(1);
    expect(kinds.indexOf('cancel_requested')).toBeGreaterThan(kinds.indexOf('started'));
    // cancelling again is a conflict
    await expectConflict(user, task.task_id, 'cancel', 'task_not_cancellable');
  });

  it('a waiting task is cancelled at once and never runs', async () => {
    const user = await signUp(stack.web.url);
    const busy = await occupyTheWorker(user);
    const waiting = await user.client.submitScriptGenerationTask(NOVEL);
    const res = await user.fetch(`/api/tasks/${waiting.task_id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as TaskInfo).status).toBe('cancelled');
    // Its job was cancelled in pg-boss at once, so no worker can fetch it.
    const [job] = await stack.sql<{ state: string }>(
      'SELECT j.state::text FROM pgboss.job j JOIN script_tasks t ON t.job_id = j.id WHERE t.id = $1',
      [waiting.task_id],
    );
    expect(job?.state).toBe('cancelled');
    // The one worker slot frees up and the queue moves past it: a task submitted later runs and finishes.
    await user.client.waitForTaskCompletion(busy.task_id, undefined, { timeoutMs: 30_000 });
    const later = await user.client.submitScriptGenerationTask(NOVEL);
    await user.client.waitForTaskCompletion(later.task_id, undefined, { timeoutMs: 30_000 });
    const after = await user.client.queryTaskStatus(waiting.task_id);
    expect(after.status).toBe('cancelled');
    expect(after.started_at).toBeNull();
    const events = await stack.sql<{ kind: string }>('SELECT kind FROM task_events WHERE task_id = $1 ORDER BY id', [
      waiting.task_id,
    ]);
    expect(events.map((e) => e.kind)).toEqual(['created', 'cancelled']);
  });
});

describe('re-run', () => {
  it('a cancelled task re-runs under the same id with attempts + 1 and its history kept', async () => {
    const user = await signUp(stack.web.url);
    await occupyTheWorker(user);
    const task = await user.client.submitScriptGenerationTask(NOVEL, { episodes: 3 });
    await user.client.cancelTask(task.task_id);
    const retried = await user.fetch(`/api/tasks/${task.task_id}/retry`, { method: 'POST' });
    expect(retried.status).toBe(200);
    const info = (await retried.json()) as TaskInfo;
    expect(info).toMatchObject({ task_id: task.task_id, status: 'pending', attempts: 2, progress: 0, error: null });
    const done = await user.client.waitForTaskCompletion(task.task_id, undefined, { timeoutMs: 30_000 });
    expect(done.result?.episodes).toHaveLength(3);
    const history = await (await user.fetch(`/api/tasks/${task.task_id}/history`)).json();
    const kinds = history.events.map((e: { kind: string }) => e.kind);
    expect(kinds.slice(0, 3)).toEqual(['created', 'cancelled', 'retried']);
    expect(kinds.at(-1)).toBe('completed');
    // a completed task cannot be re-run
    await expectConflict(user, task.task_id, 'retry', 'task_not_retryable');
  });

  it('a failed task shows its reason and can be re-run', async () => {
    const user = await signUp(stack.web.url);
    await occupyTheWorker(user);
    const task = await user.client.submitScriptGenerationTask(NOVEL);
    // Retention removed the novel text before the task ran: it fails with a reason, not silently.
    await stack.sql('DELETE FROM task_inputs WHERE task_id = $1', [task.task_id]);
    const failed = await waitUntil(user, task.task_id, (t) => t.status === 'failed');
    expect(failed.error).toMatchObject({ code: 'input_missing', retryable: false });
    expect(failed.message).toMatch(/失败/);
    const retry = await user.fetch(`/api/tasks/${task.task_id}/retry`, { method: 'POST' });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as TaskInfo).attempts).toBe(2);
    const again = await waitUntil(user, task.task_id, (t) => t.status === 'failed' && t.attempts === 2);
    expect(again.error?.code).toBe('input_missing');
  });

  it('a pending or running task cannot be re-run (409)', async () => {
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(NOVEL);
    const res = await user.fetch(`/api/tasks/${task.task_id}/retry`, json({}));
    expect(res.status).toBe(409);
  });
});
