// The outbox, in-process against a real database: every way a task ends writes exactly one
// outbox row in the same statement (and a transition that did not happen writes none); the relay
// fans a row out once, into the user's channels and subscribed endpoints, with the TaskInfo
// without its result.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScriptResult } from '../../lib/pipeline/schema';
import { inProcessDb } from '../helpers/in-process';

const db = inProcessDb({
  MAX_ACTIVE_TASKS: '1000',
  SUBMIT_RATE_PER_MINUTE: '100000',
  SMTP_URL: 'smtp://127.0.0.1:2',
  WEBHOOK_ALLOW_PRIVATE: 'true',
  NEXTAUTH_URL: 'https://app.example',
});

type Mods = typeof import('../../lib/tasks/claim') &
  typeof import('../../lib/tasks/run-end') &
  typeof import('../../lib/tasks') &
  typeof import('../../lib/notify');
let m: Mods;
beforeAll(async () => {
  m = {
    ...(await import('../../lib/tasks/claim')),
    ...(await import('../../lib/tasks/run-end')),
    ...(await import('../../lib/tasks')),
    ...(await import('../../lib/notify')),
  };
  const { ensureQueues, getBoss } = await import('../../lib/queue/boss');
  await ensureQueues(await getBoss());
});

const result = {
  title: 't',
  logline: '',
  language: 'zh',
  characters: [],
  episodes: [1, 2].map((n) => ({ number: n, title: 'e', summary: '', hook: '', chapters: [1], scenes: [] })),
  source: { chapters: [{ number: 1, title: 'c', chars: 1 }], characters_found: 0, total_chars: 1 },
  engine: { name: 'offline', model: null },
  usage: { calls: 0, prompt_tokens: 0, cached_tokens: 0, completion_tokens: 0, reasoning_tokens: 0, cost_usd: 0 },
  warnings: [],
} as unknown as ScriptResult;

async function running() {
  const { task } = await m.createTask(db.actor, { novel_content: '第一章\n阿Q说：“嗯。”', title: '标题😀' });
  const [row] = (
    await db.sql.query<{ job_id: string }>('SELECT job_id FROM script_tasks WHERE id = $1', [task.task_id])
  ).rows;
  const out = await m.startRun(task.task_id, row?.job_id as string, 'w');
  if (out.kind !== 'run') throw new Error(out.reason);
  return { taskId: task.task_id, runId: out.run.runId };
}

async function outbox(taskId: string) {
  return (
    await db.sql.query<{ event: string }>('SELECT event FROM notification_outbox WHERE task_id = $1', [taskId])
  ).rows.map((r) => r.event);
}

describe('the outbox', () => {
  it('completed, failed, cancelled while running and while waiting: one row each; a stale end: none', async () => {
    const a = await running();
    expect(await m.completeRun(a, result, 'zh')).toBe(true);
    expect(await m.failRun(a, { code: 'x', message: 'x', retryable: false })).toBe(false); // already ended
    expect(await outbox(a.taskId)).toEqual(['task.completed']);

    const b = await running();
    await m.failRun(b, { code: 'boom', message: 'boom', retryable: false });
    expect(await outbox(b.taskId)).toEqual(['task.failed']);

    const c = await running();
    await m.cancelRun(c);
    expect(await outbox(c.taskId)).toEqual(['task.cancelled']);

    const { task } = await m.createTask(db.actor, { novel_content: '第一章\n等。' });
    await m.requestCancel(db.actor, task.task_id);
    expect(await outbox(task.task_id)).toEqual(['task.cancelled']);

    const d = await running();
    await m.requestCancel(db.actor, d.taskId); // a running task is only asked to stop
    expect(await outbox(d.taskId)).toEqual([]);
  });

  it('the relay fans a row out once: e-mail by default, subscribed endpoints only, payload without the result', async () => {
    const hook = await m.createWebhook(db.actor.id, { url: 'http://127.0.0.1:9/a', events: ['task.completed'] });
    await m.createWebhook(db.actor.id, { url: 'http://127.0.0.1:9/b', events: ['task.failed'] });
    await db.sql.query('UPDATE notification_outbox SET dispatched_at = now()'); // the first test's rows
    const a = await running();
    await m.completeRun(a, result, 'zh');
    expect(await m.dispatchOutbox()).toBe(1);
    expect(await m.dispatchOutbox()).toBe(0);
    const rows = (
      await db.sql.query<{ channel: string; target: Record<string, string>; payload: Record<string, never> }>(
        'SELECT channel, target, payload FROM notification_deliveries ORDER BY channel',
      )
    ).rows;
    expect(rows.map((r) => r.channel)).toEqual(['email', 'webhook']);
    expect(rows[1]?.target.endpoint_id).toBe(hook.id);
    const payload = rows[0]?.payload as unknown as {
      type: string;
      data: { task: Record<string, unknown>; url: string; episodes: number };
    };
    expect(payload.type).toBe('task.completed');
    expect(payload.data.task).not.toHaveProperty('result');
    expect(payload.data.task.title).toBe('标题😀');
    expect(payload.data.episodes).toBe(2);
    expect(payload.data.url).toBe(`https://app.example/tasks/${a.taskId}`);
    // Each delivery's first attempt is queued with the id derived from it.
    const jobs = await db.sql.query("SELECT 1 FROM pgboss.job WHERE name = 'notify-deliver'");
    expect(jobs.rowCount).toBe(2);
  });

  it('retention: dispatched outbox rows after a day, finished deliveries after TASK_RETENTION_DAYS, pending never', async () => {
    const { pruneNotifications } = await import('../../lib/notify/retention');
    await db.sql.query("UPDATE notification_outbox SET dispatched_at = now() - interval '2 days'");
    await db.sql.query(
      `INSERT INTO notification_deliveries (id, user_id, dedupe_key, channel, event, target, payload, status, max_attempts, updated_at)
       SELECT gen_random_uuid(), $1, 'old-' || s, 'email', 'task.completed', '{}', '{}', s, 1, now() - interval '400 days'
       FROM unnest(ARRAY['delivered', 'failed', 'pending']) s`,
      [db.actor.id],
    );
    const outboxBefore = (await db.sql.query('SELECT 1 FROM notification_outbox')).rowCount ?? 0;
    expect(outboxBefore).toBeGreaterThan(0);
    expect(await pruneNotifications(30)).toEqual({ outbox: outboxBefore, deliveries: 2 });
    const left = await db.sql.query("SELECT status FROM notification_deliveries WHERE dedupe_key LIKE 'old-%'");
    expect(left.rows).toEqual([{ status: 'pending' }]);
  });
});
