// The start-up check against the fake OpenAI server and against a port where nothing listens.
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeLlmSettings } from '../../tests/fake-openai/env';
import { startFakeOpenAI } from '../../tests/fake-openai/server';
import { chat } from './call';
import { capsFor } from './catalog';
import { createSdk } from './client';
import { LlmError } from './errors';
import { describeProbe, probeModel } from './probe';

const fake = await startFakeOpenAI();
const unlisted = await startFakeOpenAI({ listModels: false });
afterAll(async () => {
  await fake.close();
  await unlisted.close();
});

/** A local port that refuses connections: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('probeModel', () => {
  it('passes when the model list has the model', async () => {
    const r = await probeModel(fakeLlmSettings(fake), 'fake-chat');
    expect(r).toMatchObject({ ok: true, how: 'models', baseURL: fake.url });
    expect(describeProbe(r)).toContain(`${fake.url} serves "fake-chat"`);
  });

  it('falls back to a one-token call where the endpoint has no model list', async () => {
    const before = unlisted.stats.calls;
    expect(await probeModel(fakeLlmSettings(unlisted), 'fake-chat')).toMatchObject({ ok: true, how: 'call' });
    expect(unlisted.stats.calls).toBe(before + 1);
  });

  it('names an unknown model and a refused key', async () => {
    const missing = await probeModel(fakeLlmSettings(fake), 'gpt-nope');
    expect(missing).toMatchObject({ ok: false, code: 'model_not_found', model: 'gpt-nope' });
    expect(describeProbe(missing)).toMatch(/gpt-nope.*model_not_found/);
    const badKey = await probeModel(fakeLlmSettings(fake, { apiKey: 'wrong' }), 'fake-chat');
    expect(badKey).toMatchObject({ ok: false, code: 'model_auth_failed' });
    expect(describeProbe(badKey)).toContain('OPENAI_API_KEY');
  });

  it('says the URL is unreachable, on one line, naming the variable', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const r = await probeModel(fakeLlmSettings(fake, { baseURL: url }), 'fake-chat');
    expect(r).toMatchObject({ ok: false, code: 'model_unreachable' });
    const line = describeProbe(r);
    expect(line).not.toContain('\n');
    expect(line).toContain(url);
    expect(line).toContain('OPENAI_BASE_URL');
    expect(line).toContain('connection refused');
  });

  it('says the host does not exist (DNS) the same way', async () => {
    const url = 'http://shortplay-no-such-host.invalid/v1';
    const r = await probeModel(fakeLlmSettings(fake, { baseURL: url }), 'fake-chat');
    expect(r).toMatchObject({ ok: false, code: 'model_unreachable' });
    expect(describeProbe(r)).toMatch(/shortplay-no-such-host\.invalid.*host not found.*OPENAI_BASE_URL/);
  });
});

describe('a model call to an endpoint that cannot work', () => {
  it('fails on the first attempt with model_unreachable, not after retries', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const settings = fakeLlmSettings(fake, { baseURL: url, maxRetries: 4 });
    const model = { name: 'fake-chat', ...capsFor('fake-chat', {}) };
    const err = await chat(
      createSdk(settings),
      settings,
      { model, messages: [{ role: 'user', content: 'hi' }] },
      {
        signal: new AbortController().signal,
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(err).toMatchObject({ code: 'model_unreachable', retryable: false });
    expect((err as Error).message).toContain(url);
    expect((err as Error).message).not.toContain('gave up after');
  });

  // Resets, 429 and 5xx keep their retries: lib/llm/llm.test.ts ('retries after …').
});
