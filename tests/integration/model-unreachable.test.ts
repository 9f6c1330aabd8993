// A model endpoint that cannot work: the worker says so at start in one line and keeps running;
// a task on that model fails on its first attempt, naming the URL and the variable to fix,
// instead of after minutes of retries. The offline engine still works meanwhile.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../lib/pipeline/offline/test-support';
import { llmEnv } from '../fake-openai/env';
import { startFakeOpenAI } from '../fake-openai/server';
import { signUp } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { settled, waitForTask, waitUntil } from '../helpers/wait';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const fake = await startFakeOpenAI(); // only for llmEnv's model table; never reached
await fake.close();
const badUrl = `http://127.0.0.1:${await closedPort()}/v1`;
const env = llmEnv(fake, { OPENAI_BASE_URL: badUrl, JOB_RETRY_LIMIT: '2', LLM_MAX_RETRIES: '4' });
const stack = stackForFile({ workers: 1, env, workerEnv: env });
const AQ = readFixture('a-q-zhengzhuan.zh.txt');

describe('a model endpoint that refuses connections', () => {
  it('the worker prints one line naming the URL and the model, and keeps running', async () => {
    const worker = stack.workers[0];
    await waitUntil(() => worker?.output().includes('[model] check failed') ?? false, {
      what: 'the model check line',
      timeoutMs: 20_000,
    });
    const line =
      worker
        ?.output()
        .split('\n')
        .find((l) => l.includes('[model] check failed')) ?? '';
    expect(line).toContain(badUrl);
    expect(line).toContain('"fake-chat"');
    expect(line).toMatch(/connection refused.*OPENAI_BASE_URL/);
  });

  it('fails the task on its first attempt, not retryable, naming the base URL and the variable', async () => {
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(AQ, { model: 'fake-chat', episodes: 3 });
    const done = await waitForTask(user.client, task.task_id, settled, { timeoutMs: 30_000 });
    expect(done.status).toBe('failed');
    expect(done.error).toMatchObject({ code: 'model_unreachable', retryable: false });
    expect(done.error?.message).toContain(badUrl);
    expect(done.error?.message).toContain('OPENAI_BASE_URL');
    expect(done.attempts).toBe(1);
    const retried = await stack.sql('SELECT 1 FROM task_events WHERE task_id = $1 AND kind = $2', [
      task.task_id,
      'retried',
    ]);
    expect(retried).toHaveLength(0);
  });

  it('the offline engine still works on the same worker', async () => {
    const user = await signUp(stack.web.url);
    const task = await user.client.submitScriptGenerationTask(AQ.slice(0, 3000), { model: 'offline', episodes: 2 });
    const done = await waitForTask(user.client, task.task_id, settled, { timeoutMs: 30_000 });
    expect(done.status).toBe('completed');
  });
});
