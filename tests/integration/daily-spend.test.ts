// Daily spending caps through the worker against the fake OpenAI server: a user over their day's
// cap, and a server over its day's cap, get a failed task naming the setting to raise and no
// model call; another user is unaffected; a task that crosses the cap mid-run stops there; what
// each call cost is added to the user's row of today.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../lib/pipeline/offline/test-support';
import { llmEnv } from '../fake-openai/env';
import { startFakeOpenAI } from '../fake-openai/server';
import { signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { settled, waitForTask } from '../helpers/wait';

const fake = await startFakeOpenAI();
const USER_CAP = 1;
const SERVER_CAP = 100;
const env = llmEnv(fake, {
  JOB_RETRY_LIMIT: '1',
  LLM_USER_DAILY_MAX_COST_USD: String(USER_CAP),
  LLM_SERVER_DAILY_MAX_COST_USD: String(SERVER_CAP),
});
const stack = stackForFile({ workers: 1, env, workerEnv: env });
const NOVEL = readFixture('a-q-zhengzhuan.zh.txt').slice(0, 9000);

/** Writes what someone already spent today (UTC), as earlier calls would have. */
const spend = (userId: string, usd: number) =>
  stack.sql(
    `INSERT INTO daily_spend (day, user_id, cost_usd) VALUES ((now() AT TIME ZONE 'UTC')::date, $1, $2)
     ON CONFLICT (day, user_id) DO UPDATE SET cost_usd = daily_spend.cost_usd + EXCLUDED.cost_usd`,
    [userId, usd],
  );
const spentToday = async (userId: string) =>
  (
    await stack.sql<{ usd: number; tokens: string }>(
      `SELECT cost_usd AS usd, tokens::text FROM daily_spend WHERE day = (now() AT TIME ZONE 'UTC')::date AND user_id = $1`,
      [userId],
    )
  )[0];

const run = async (user: TestUser) => {
  const task = await user.client.submitScriptGenerationTask(NOVEL, { model: 'fake-chat', episodes: 3 });
  return waitForTask(user.client, task.task_id, settled, { timeoutMs: 90_000 });
};

describe('daily spending caps', () => {
  it("a user over the day's cap gets no model call and a reason naming the setting; another user is unaffected", async () => {
    const [over, other] = [await signUp(stack.web.url), await signUp(stack.web.url)];
    await spend(over.id, USER_CAP);
    fake.reset();
    const stopped = await run(over);
    expect(stopped.status).toBe('failed');
    expect(stopped.error).toMatchObject({ code: 'model_spend_limit', retryable: false });
    expect(stopped.error?.message).toContain('LLM_USER_DAILY_MAX_COST_USD');
    expect(fake.stats.calls).toBe(0);

    const done = await run(other);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(fake.stats.calls).toBeGreaterThan(0);
    // every call's cost is on the other user's row for today, and nothing more on the first's
    const row = await spentToday(other.id);
    expect(row?.usd).toBeCloseTo(done.result?.usage.cost_usd ?? -1, 9);
    expect(Number(row?.tokens)).toBe(fake.stats.prompt_tokens + fake.stats.completion_tokens);
    expect((await spentToday(over.id))?.usd).toBe(USER_CAP);
  }, 150_000);

  it('a task that reaches the cap mid-run stops at the next call', async () => {
    const user = await signUp(stack.web.url);
    await spend(user.id, USER_CAP - 1e-7); // under the cap by less than one call costs
    fake.reset();
    const stopped = await run(user);
    expect(stopped.status).toBe('failed');
    expect(stopped.error?.code).toBe('model_spend_limit');
    expect(stopped.error?.message).toContain('LLM_USER_DAILY_MAX_COST_USD');
    // the calls already checked (at most one per concurrent slot) were made, then no more
    expect(fake.stats.calls).toBeGreaterThan(0);
    expect(fake.stats.calls).toBeLessThanOrEqual(Number(env.LLM_CONCURRENCY));
    expect((await spentToday(user.id))?.usd).toBeGreaterThan(USER_CAP);
  }, 150_000);

  it("when the server has spent its day's cap, every user's task stops, naming the server setting", async () => {
    await spend('someone-since-deleted', SERVER_CAP);
    const user = await signUp(stack.web.url);
    fake.reset();
    const stopped = await run(user);
    expect(stopped.status).toBe('failed');
    expect(stopped.error).toMatchObject({ code: 'model_spend_limit', retryable: false });
    expect(stopped.error?.message).toContain('LLM_SERVER_DAILY_MAX_COST_USD');
    expect(stopped.error?.message).not.toContain('someone-since-deleted');
    expect(fake.stats.calls).toBe(0);
    // offline tasks spend nothing and still run
    const task = await user.client.submitScriptGenerationTask(NOVEL, { model: 'offline', episodes: 3 });
    const offline = await waitForTask(user.client, task.task_id, settled, { timeoutMs: 90_000 });
    expect(offline.status).toBe('completed');
  }, 150_000);
});
