// Whole tasks through the worker against the fake OpenAI server: structure of the result on both
// novels (LLM and offline), resume after a failure at ~80 %, cancel mid-call, every fault ends
// completed or failed with a reason.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../lib/pipeline/offline/test-support';
import type { TaskInfo } from '../../lib/tasks/schema';
import { llmEnv } from '../fake-openai/env';
import { startFakeOpenAI } from '../fake-openai/server';
import { signUp, type TestUser } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { settled, waitForTask } from '../helpers/wait';

const fake = await startFakeOpenAI();
const env = llmEnv(fake, { JOB_RETRY_LIMIT: '1' });
const stack = stackForFile({ workers: 1, env, workerEnv: env });
const AQ = readFixture('a-q-zhengzhuan.zh.txt');
const ALICE = readFixture('alice-in-wonderland.en.txt');

const waitUntil = (user: TestUser, id: string, pred: (t: TaskInfo) => boolean, timeoutMs = 90_000) =>
  waitForTask(user.client, id, pred, { timeoutMs });
const allNames = (t: TaskInfo) => t.result?.characters.flatMap((c) => [c.name, ...c.aliases]) ?? [];
const covered = (t: TaskInfo) => new Set(t.result?.episodes.flatMap((e) => e.chapters));

describe.each([
  ['fake-chat', 'llm'],
  ['offline', 'offline'],
])('whole tasks with %s', (model, engine) => {
  it('阿Q正传: the bible holds the main characters, every chapter is covered, 10 episodes', async () => {
    fake.reset();
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(AQ, { title: '阿Q正传', model, episodes: 10 });
    const done = await waitUntil(user, task.task_id, settled);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    for (const n of ['阿Q', '赵太爷', '王胡', '小D', '吴妈', '假洋鬼子']) expect(allNames(done)).toContain(n);
    expect(done.result?.episodes).toHaveLength(10);
    for (const c of done.result?.source.chapters ?? []) expect(covered(done)).toContain(c.number);
    expect(done.result?.engine.name).toBe(engine);
    if (engine === 'llm') {
      expect(done.result?.engine.model).toBe('fake-chat');
      expect(done.result?.usage.calls).toBe(fake.stats.calls);
      expect(done.result?.usage.cost_usd).toBeGreaterThan(0);
    }
  }, 120_000);

  it('Alice: main characters, every chapter covered, 8 episodes', async () => {
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(ALICE, {
      title: 'Alice',
      model,
      episodes: 8,
      language: 'en',
    });
    const done = await waitUntil(user, task.task_id, settled);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    for (const n of ['Alice', 'White Rabbit', 'Hatter', 'Queen']) expect(allNames(done)).toContain(n);
    expect(done.result?.episodes).toHaveLength(8);
    expect(done.result?.source.chapters).toHaveLength(12);
    for (const c of done.result?.source.chapters ?? []) expect(covered(done)).toContain(c.number);
  }, 120_000);
});

describe('LLM tasks under faults', () => {
  it('a task failed at ~80 % and retried makes far fewer model calls than a clean run', async () => {
    fake.reset();
    const user = await signUp(stack.web.url);
    const clean = await user.client.submitScriptGenerationTask(AQ, { model: 'fake-chat', episodes: 10 });
    await waitUntil(user, clean.task_id, (t) => t.status === 'completed');
    const cleanCalls = fake.stats.calls;
    fake.reset();
    fake.faults.add({ kind: 'status', status: 401, step: 'critic', after: 9 });
    const task = await user.client.submitScriptGenerationTask(AQ, { model: 'fake-chat', episodes: 10 });
    const failed = await waitUntil(user, task.task_id, settled);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'model_auth_failed', retryable: false });
    expect(failed.error?.message).toMatch(/will not help/);
    expect(failed.progress).toBeGreaterThanOrEqual(70);
    const before = fake.stats.calls;
    await user.client.retryTask(task.task_id);
    const done = await waitUntil(user, task.task_id, settled);
    expect(done.status).toBe('completed');
    const retryCalls = fake.stats.calls - before;
    expect(retryCalls).toBeLessThanOrEqual(3);
    expect(retryCalls).toBeLessThan(cleanCalls / 4);
    expect(done.result?.episodes).toHaveLength(10);
  }, 180_000);

  it('cancel mid-call closes the model request within 1 s', async () => {
    fake.reset();
    fake.faults.add({ kind: 'slow', delayMs: 500, step: 'plan' });
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(AQ, { model: 'fake-chat', episodes: 4 });
    await fake.waitForStreaming('plan', 60_000); // mid-answer: the first chunk is out, more are coming
    const t0 = Date.now();
    await user.client.cancelTask(task.task_id);
    const done = await waitUntil(user, task.task_id, settled, 10_000);
    expect(done.status).toBe('cancelled');
    const closed = fake.stats.aborted.filter((a) => a.step === 'plan' && a.at >= t0);
    expect(closed).toHaveLength(1);
    expect((closed[0]?.at ?? Infinity) - t0).toBeLessThan(1000);
  }, 120_000);

  it.each([
    ['429 with Retry-After', { kind: 'status', status: 429, retryAfter: '1' }, 'completed'],
    ['500', { kind: 'status', status: 500 }, 'completed'],
    ['a hang', { kind: 'hang' }, 'completed'],
    ['a connection reset', { kind: 'reset' }, 'completed'],
    ['malformed JSON', { kind: 'malformed' }, 'completed'],
    ['fenced JSON', { kind: 'fenced' }, 'completed'],
    ['empty content', { kind: 'empty' }, 'completed'],
    ['finish_reason length', { kind: 'truncate' }, 'completed'],
    ['402', { kind: 'status', status: 402 }, 'failed'],
    ['500 on every call', { kind: 'status', status: 500, times: 1000 }, 'failed'],
  ] as const)(
    '%s ends %s, never stuck',
    async (_name, fault, outcome) => {
      fake.reset();
      fake.faults.add({ ...fault, step: 'plan' });
      const user = await signUp(stack.web.url);
      const task = await user.client.submitScriptGenerationTask(AQ.slice(0, 9000), { model: 'fake-chat', episodes: 3 });
      const done = await waitUntil(user, task.task_id, settled, 90_000);
      expect(done.status, JSON.stringify(done.error)).toBe(outcome);
      if (outcome === 'failed') {
        expect(done.error?.code).toMatch(/^model_/);
        expect(done.error?.message.length).toBeGreaterThan(10);
      }
    },
    120_000,
  );

  it('a reasoning model: chain of thought never becomes the script', async () => {
    fake.reset();
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(AQ.slice(0, 9000), {
      model: 'fake-reasoner',
      episodes: 3,
    });
    const done = await waitUntil(user, task.task_id, settled);
    expect(done.status, JSON.stringify(done.error)).toBe('completed');
    expect(JSON.stringify(done.result)).not.toContain('思考过程');
    expect(done.result?.usage.reasoning_tokens).toBeGreaterThan(0);
  }, 120_000);

  it('an unknown model is refused at submit', async () => {
    const user = await signUp(stack.web.url);
    const res = await user.fetch('/api/tasks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ novel_content: AQ.slice(0, 2000), options: { model: 'gpt-nonexistent' } }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unknown_model');
  });

  it('the review can be switched off per task: no critic calls, no review stage in the usage', async () => {
    const user = await signUp(stack.web.url);
    const submit = (review?: boolean) =>
      user.fetch('/api/tasks', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          novel_content: AQ.slice(0, 9000),
          options: { model: 'fake-chat', episodes: 3, ...(review === undefined ? {} : { review }) },
        }),
      });
    const bad = await submit('yes' as unknown as boolean);
    expect(bad.status).toBe(422);
    for (const review of [false, undefined]) {
      fake.reset();
      const res = await submit(review);
      expect(res.status).toBe(202);
      const { task_id } = (await res.json()) as { task_id: string };
      const done = await waitUntil(user, task_id, settled);
      expect(done.status, JSON.stringify(done.error)).toBe('completed');
      const stages = Object.keys(done.result?.usage.by_stage ?? {});
      if (review === false) {
        expect(fake.stats.byStep.critic).toBeUndefined();
        expect(stages).not.toContain('review');
      } else {
        expect(fake.stats.byStep.critic).toBe(3);
        expect(stages).toEqual(expect.arrayContaining(['read', 'plan', 'write', 'review']));
      }
    }
  }, 180_000);
});
