// The metrics rollups (decision 0142): the task_stats rows the triggers keep equal a rebuild from
// the base tables after every kind of write; re-runs and cancels move a task's counts instead of
// adding them; percentiles of many durations stay within the stated tolerance; and runs that end
// without a result (failed part way, cancelled mid-run) record what their model calls spent.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFixture } from '../../lib/pipeline/offline/test-support';
import { llmEnv } from '../fake-openai/env';
import { startFakeOpenAI } from '../fake-openai/server';
import { inProcessDb } from '../helpers/in-process';

const fake = await startFakeOpenAI();
const db = inProcessDb(llmEnv(fake, { JOB_RETRY_LIMIT: '0' }));
const AQ = readFixture('a-q-zhengzhuan.zh.txt').slice(0, 9000);

type Tasks = typeof import('../../lib/tasks');
type RunEnd = typeof import('../../lib/tasks/run-end');
type Claim = typeof import('../../lib/tasks/claim');
type Report = typeof import('../../lib/metrics/report');
type Stats = typeof import('../../lib/tasks/stats');
let tasks: Tasks;
let runEnd: RunEnd;
let claim: Claim;
let report: Report;
let stats: Stats;

beforeAll(async () => {
  tasks = await import('../../lib/tasks');
  runEnd = await import('../../lib/tasks/run-end');
  claim = await import('../../lib/tasks/claim');
  report = await import('../../lib/metrics/report');
  stats = await import('../../lib/tasks/stats');
});

const q = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
  (await db.sql.query(text, values)).rows as T[];

async function newTask(options: Record<string, unknown> = {}) {
  const { task } = await tasks.createTask(db.actor, { novel_content: AQ, ...options });
  const [row] = await q<{ job_id: string }>('SELECT job_id FROM script_tasks WHERE id = $1', [task.task_id]);
  return { id: task.task_id, jobId: row?.job_id as string };
}

async function start(id: string, jobId: string) {
  const out = await claim.startRun(id, jobId, 'w-test');
  if (out.kind !== 'run') throw new Error(`expected a run, got ${out.reason}`);
  return out.run;
}

/** Every non-empty rollup row, and the same rows computed from the base tables. */
async function rollupAndRebuild() {
  const cols = `dim, grain, period_start, key, n, completed, failed, cancelled, tokens, round(cost_usd::numeric, 6) AS cost, hist`;
  const nonEmpty = `(n, completed, failed, cancelled, tokens) <> (0, 0, 0, 0, 0) OR hist <> '{}'`;
  const order = 'ORDER BY dim, grain, period_start, key';
  const kept = await q(`SELECT ${cols} FROM task_stats WHERE ${nonEmpty} ${order}`);
  const rebuilt = await q(
    `SELECT ${cols} FROM (
       SELECT * FROM task_stats_compute('hour', '-infinity', 'infinity', ARRAY['created', 'ended', 'user', 'code', 'model', 'stage'])
       UNION ALL SELECT * FROM task_stats_compute('day', '-infinity', 'infinity', ARRAY['user', 'code', 'model', 'stage'])) x
     WHERE ${nonEmpty} ${order}`,
  );
  return { kept, rebuilt };
}

/** One finished model call of a task's run, as the worker records it. */
const spend = async (taskId: string, prompt: number, completion: number, costUsd: number) => {
  const { addCallUsage } = await import('../../lib/tasks/usage');
  const call = { prompt_tokens: prompt, cached_tokens: 0, completion_tokens: completion, reasoning_tokens: 0 };
  await addCallUsage(taskId, 'fake-chat', call, costUsd);
};

describe('rollups kept by triggers', () => {
  it('equal a rebuild from the base tables after submits, runs, failures, re-runs, cancels and deletes', async () => {
    const ref = async (t: { id: string; jobId: string }) => ({
      taskId: t.id,
      runId: (await start(t.id, t.jobId)).runId,
    });
    const a = await newTask();
    const b = await newTask();
    const c = await newTask();
    const d = await newTask();
    const aRun = await ref(a);
    await spend(a.id, 1000, 200, 0.002); // a call of a running task
    await runEnd.failRun(aRun, { code: 'llm_timeout', message: 'timed out', retryable: false }, 'zh');
    await tasks.retryTask(db.actor, a.id); // a re-run: its failure leaves the failed counts
    const [again] = await q<{ job_id: string }>('SELECT job_id FROM script_tasks WHERE id = $1', [a.id]);
    const aAgain = await ref({ id: a.id, jobId: again?.job_id as string });
    await spend(a.id, 200, 100, 0.0005);
    await runEnd.cancelRun(aAgain, 'zh');
    await tasks.requestCancel(db.actor, b.id); // cancelled while waiting
    const cRun = await ref(c);
    await q(
      `INSERT INTO task_events (task_id, kind, data) VALUES ($1, 'stage_completed', '{"stage":"plan","ms":1234}'),
               ($1, 'stage_completed', '{"stage":"plan","ms":"bad"}')`,
      [c.id],
    );
    await spend(c.id, 40, 10, 0.0001);
    await runEnd.markRetrying(cRun, { code: 'llm_rate_limited', message: 'slow down', retryable: true }, 1, 'zh');
    await q(`UPDATE script_tasks SET created_at = created_at - interval '3 days' WHERE id = $1`, [d.id]);
    await q('DELETE FROM script_tasks WHERE id = $1', [d.id]);
    // Older history across hours and days, written and then changed in bulk.
    await q(
      `INSERT INTO script_tasks (id, user_id, title, status, message, novel_content_length, created_at, started_at,
               finished_at, error_code, error_message, usage_model, usage_tokens, usage_cost_usd)
             SELECT 'task_' || lpad((900000 + g)::text, 26, '0'), $1, 'bulk', 'completed', '', 10,
               now() - g * interval '37 minutes', now() - g * interval '37 minutes' + interval '2 seconds',
               now() - g * interval '37 minutes' + (g % 50) * interval '1 second', NULL, NULL, 'deepseek-chat', g, g / 1000.0
             FROM generate_series(1, 200) g`,
      [db.actor.id],
    );
    await q(`UPDATE script_tasks SET status = 'failed', error_code = 'worker_lost', error_message = 'lost'
             WHERE title = 'bulk' AND usage_tokens % 7 = 0`);
    await q(`UPDATE script_tasks SET status = 'pending', started_at = NULL, finished_at = NULL
             WHERE title = 'bulk' AND usage_tokens % 11 = 0`);
    await q(`DELETE FROM script_tasks WHERE title = 'bulk' AND usage_tokens % 13 = 0`);
    const { kept, rebuilt } = await rollupAndRebuild();
    expect(kept.length).toBeGreaterThan(50);
    expect(kept).toEqual(rebuilt);
  });

  it('a re-run takes the task out of the failed counts, and its cancel is counted once', async () => {
    const t = await newTask();
    const r1 = await start(t.id, t.jobId);
    await runEnd.failRun({ taskId: t.id, runId: r1.runId }, { code: 'boom', message: 'boom', retryable: false });
    const before = await report.metricsReport('1h');
    await tasks.retryTask(db.actor, t.id);
    const [row] = await q<{ job_id: string }>('SELECT job_id FROM script_tasks WHERE id = $1', [t.id]);
    const r2 = await start(t.id, row?.job_id as string);
    await runEnd.cancelRun({ taskId: t.id, runId: r2.runId });
    // A report asked within the millisecond the cancel ended in (rows keep microseconds) counts it.
    const [ended] = await q<{ ms: string }>(
      'SELECT floor(extract(epoch FROM finished_at) * 1000)::bigint AS ms FROM script_tasks WHERE id = $1',
      [t.id],
    );
    const after = await report.metricsReport('1h', new Date(Number(ended?.ms)));
    expect(after.counts.submitted - before.counts.submitted).toBe(0);
    expect(after.counts.failed - before.counts.failed).toBe(-1);
    expect(after.counts.cancelled - before.counts.cancelled).toBe(1);
    expect(after.failures.find((f) => f.code === 'boom')).toBeUndefined();
    const { kept, rebuilt } = await rollupAndRebuild();
    expect(kept).toEqual(rebuilt);
  });
});

describe('percentiles from the histograms', () => {
  it('stay within the stated tolerance of the exact percentile for 2,000 spread durations', async () => {
    const t = await newTask();
    // Log-uniform 5 ms … 20 min, three hours ago: read from the hourly rollup, not live.
    await q(
      `INSERT INTO task_events (task_id, kind, data, created_at)
       SELECT $1, 'stage_completed', jsonb_build_object('stage', 'spread', 'ms', round(5 * exp(random() * ln(240000)))),
         date_trunc('hour', now()) - interval '3 hours' + g * interval '1 second'
       FROM generate_series(1, 2000) g`,
      [t.id],
    );
    const [exact] = await q<{ p: number[] }>(
      `SELECT percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY (data->>'ms')::float8) AS p
       FROM task_events WHERE kind = 'stage_completed' AND data->>'stage' = 'spread'`,
    );
    const got = (await report.metricsReport('24h')).stages.find((s) => s.stage === 'spread');
    expect(got?.count).toBe(2000);
    for (const [i, v] of [got?.p50, got?.p95].entries()) {
      const want = exact?.p[i] as number;
      expect(Math.abs((v ?? 0) - want)).toBeLessThanOrEqual(want * stats.PERCENTILE_TOLERANCE + 1);
    }
  });

  it('splits a window into live edges, whole hours and whole days', () => {
    const w = { since: new Date('2026-11-01T10:20:00Z'), until: new Date('2026-11-08T10:20:00Z') };
    const iso = (r: { grain: string; from: Date; to: Date }) =>
      `${r.grain} ${r.from.toISOString()} ${r.to.toISOString()}`;
    const split = stats.splitWindow(w, false);
    expect(split.live.map(iso)).toEqual([
      'hour 2026-11-01T10:20:00.000Z 2026-11-01T11:00:00.000Z',
      'hour 2026-11-08T10:00:00.000Z 2026-11-08T10:20:00.000Z',
    ]);
    expect(split.rollup.map(iso)).toEqual([
      'hour 2026-11-01T11:00:00.000Z 2026-11-02T00:00:00.000Z',
      'day 2026-11-02T00:00:00.000Z 2026-11-08T00:00:00.000Z',
      'hour 2026-11-08T00:00:00.000Z 2026-11-08T10:00:00.000Z',
    ]);
    expect(stats.splitWindow(w, true).rollup.map(iso)).toEqual([
      'hour 2026-11-01T11:00:00.000Z 2026-11-08T10:00:00.000Z',
    ]);
    const hour = { since: new Date('2026-11-01T10:20:00Z'), until: new Date('2026-11-01T11:20:00Z') };
    expect(stats.splitWindow(hour, false)).toEqual({
      live: [{ grain: 'hour', ...{ from: hour.since, to: hour.until } }],
      rollup: [],
    });
  });
});

describe('runs that end without a result record what they spent', () => {
  type Generator = typeof import('../../jobs/generator');
  const runWithFake = async (t: { id: string; jobId: string }, onStart?: (abort: () => void) => Promise<void>) => {
    const { selectGenerator } = (await import('../../jobs/generator')) as Generator;
    const { noSpend } = await import('../../lib/llm/spend');
    const { classifyFailure } = await import('../../jobs/classify-failure');
    const run = await start(t.id, t.jobId);
    const spent = noSpend();
    const controller = new AbortController();
    const saved = new Map<string, unknown>();
    const generating = selectGenerator(run.options, { userId: run.userId, taskId: t.id }, spent).generate(
      { title: run.title, text: run.content },
      { language: 'zh', episodes: run.options.episodes, review: run.options.review, model: run.options.model },
      {
        signal: controller.signal,
        reportProgress: () => undefined,
        checkpoint: { save: async (k, v) => void saved.set(k, v), load: async (k) => saved.get(k) },
      },
    );
    await onStart?.(() => controller.abort());
    const err = await generating.then(
      () => null,
      (e: unknown) => e,
    );
    return { ref: { taskId: t.id, runId: run.runId }, spent, err, classify: classifyFailure };
  };
  const usageOf = async (id: string) =>
    (
      await q<{ model: string | null; tokens: string | null; cost: number | null }>(
        'SELECT usage_model AS model, usage_tokens AS tokens, usage_cost_usd AS cost FROM script_tasks WHERE id = $1',
        [id],
      )
    )[0];
  const spentToday = async () =>
    Number(
      (
        await q<{ tokens: string }>('SELECT COALESCE(sum(tokens), 0) AS tokens FROM daily_spend WHERE user_id = $1', [
          db.actor.id,
        ])
      )[0]?.tokens,
    );

  it('a run failing part way (the model refuses the plan) keeps the tokens of the calls before it', async () => {
    fake.reset();
    fake.faults.add({ kind: 'status', status: 401, step: 'plan' });
    const t = await newTask({ model: 'fake-chat', episodes: 3 });
    const usageBefore = await report.metricsReport('1h');
    const dailyBefore = await spentToday();
    const { ref, spent, err, classify } = await runWithFake(t);
    expect(err).not.toBeNull();
    const error = classify(err);
    expect(error.code).toBe('model_auth_failed');
    expect(await runEnd.failRun(ref, error, 'zh', spent)).toBe(true);
    expect(spent.tokens).toBeGreaterThan(0);
    const usage = await usageOf(t.id);
    expect(usage).toEqual({ model: 'fake-chat', tokens: String(spent.tokens), cost: expect.any(Number) });
    expect(usage?.cost).toBeCloseTo(spent.costUsd, 9);
    // The same calls the daily spending cap counted.
    expect((await spentToday()) - dailyBefore).toBe(spent.tokens);
    const after = await report.metricsReport('1h');
    const tokensOf = (r: typeof after) =>
      r.usage.filter((u) => u.model === 'fake-chat').reduce((s, u) => s + u.tokens, 0);
    expect(tokensOf(after) - tokensOf(usageBefore)).toBe(spent.tokens);
    const [event] = await q<{ data: { spent?: { tokens: number } } }>(
      "SELECT data FROM task_events WHERE task_id = $1 AND kind = 'failed'",
      [t.id],
    );
    expect(event?.data.spent?.tokens).toBe(spent.tokens);
  }, 120_000);

  it('a run cancelled mid-call keeps the tokens of the calls it finished', async () => {
    fake.reset();
    fake.faults.add({ kind: 'slow', delayMs: 500, step: 'plan' });
    const t = await newTask({ model: 'fake-chat', episodes: 3 });
    const { ref, spent, err } = await runWithFake(t, async (abort) => {
      await fake.waitForStreaming('plan', 60_000);
      abort();
    });
    expect(err).not.toBeNull();
    expect(spent.tokens).toBeGreaterThan(0);
    expect(await runEnd.cancelRun(ref, 'zh', spent)).toBe(true);
    expect(await usageOf(t.id)).toMatchObject({ model: 'fake-chat', tokens: String(spent.tokens) });
    const { kept, rebuilt } = await rollupAndRebuild();
    expect(kept).toEqual(rebuilt);
  }, 120_000);
});
