// lib/llm against the fake OpenAI-compatible server (tests/fake-openai): streaming, reasoning,
// retries, permanent failures, structured output repair, continuation, cancel and deadlines.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { waitUntil } from '../../scripts/wait-until';
import { fakeLlmSettings } from '../../tests/fake-openai/env';
import { startFakeOpenAI } from '../../tests/fake-openai/server';
import { chat } from './call';
import { capsFor, type ModelCapsInput } from './catalog';
import { createSdk, type LlmSettings } from './client';
import { LlmError } from './errors';
import type { ModelInfo } from './models';
import { withSpendLimits } from './spend';
import { LlmSession, type Phrases } from './structured';
import { type CallUsage, costOf, UsageMeter } from './usage';

const fake = await startFakeOpenAI();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const settings: LlmSettings = fakeLlmSettings(fake, { callTimeoutMs: 5000, idleTimeoutMs: 400, concurrency: 2 });
const sdk = createSdk(settings);
const model = (name: string, caps: Partial<ModelCapsInput> = {}): ModelInfo => ({
  name,
  ...capsFor(name, { [name]: { price: { input: 1, cached_input: 0.5, output: 2 }, ...caps } }),
});
const phrases: Phrases = { schemaIntro: 'JSON Schema:', repair: (e) => `fix: ${e}`, continueCut: 'continue' };
const Echo = z.object({ text: z.string() });
const echoSpec = (user: string) => ({
  step: 'echo',
  system: 'Echo the input as JSON. [step: echo]',
  user,
  format: { kind: 'json' as const, schema: Echo },
});
const never = new AbortController().signal;
const ask = (m: ModelInfo, user: string, signal = never) => {
  const meter = new UsageMeter(m.price);
  return { meter, value: new LlmSession(sdk, settings, m, phrases, signal).ask(echoSpec(user), meter) };
};

describe('chat', () => {
  it('streams the answer and reads usage from the last chunk, priced per million tokens', async () => {
    const meter = new UsageMeter({ input: 1, cached_input: 0.5, output: 2 });
    const res = await chat(
      sdk,
      settings,
      { model: model('fake-chat'), messages: [{ role: 'user', content: '你好 [step: echo]' }] },
      { signal: never, onUsage: (u) => meter.record(u) },
    );
    expect(JSON.parse(res.content)).toEqual({ text: '你好 [step: echo]' });
    expect(res.finishReason).toBe('stop');
    expect(res.usage.prompt_tokens).toBeGreaterThan(0);
    expect(res.usage.estimated).toBeUndefined();
    expect(meter.total.calls).toBe(1);
    expect(meter.total.cost_usd).toBeCloseTo((res.usage.prompt_tokens * 1 + res.usage.completion_tokens * 2) / 1e6, 10);
  });

  it('works without streaming too', async () => {
    const res = await chat(
      sdk,
      settings,
      { model: model('fake-chat', { stream: false }), messages: [{ role: 'user', content: 'x [step: echo]' }] },
      { signal: never },
    );
    expect(JSON.parse(res.content)).toEqual({ text: 'x [step: echo]' });
  });

  for (const stream of [true, false]) {
    it(`cleans NUL and lone surrogates out of the answer, keeping an emoji split across chunks (stream: ${stream})`, async () => {
      fake.faults.add({ kind: 'bad_chars' });
      // {"text":" is 9 units: the emoji's halves land in the 1st and 2nd 40-unit chunks.
      const user = `${'字'.repeat(30)}😀 [step: echo]`;
      const seen: string[] = [];
      const res = await chat(
        sdk,
        settings,
        { model: model('fake-chat', { stream }), messages: [{ role: 'user', content: user }] },
        { signal: never, onContent: (delta, content) => seen.push(delta, content) },
      );
      expect(res.content.isWellFormed()).toBe(true);
      expect(res.content).not.toContain('\u0000');
      expect(JSON.parse(res.content)).toEqual({ text: `\ufffd${user}` });
      for (const s of seen) expect(s.isWellFormed() && !s.includes('\u0000'), JSON.stringify(s)).toBe(true);
    });
  }

  it('stops before a call once the task has spent its tokens or dollars, naming the setting to raise', async () => {
    const m = model('fake-chat');
    const call = () =>
      chat(sdk, settings, { model: m, messages: [{ role: 'user', content: 'x [step: echo]' }] }, { signal: never });
    for (const [limits, setting] of [
      [{ maxTokens: 1, maxCostUsd: 0 }, 'LLM_TASK_MAX_TOKENS'],
      [{ maxTokens: 0, maxCostUsd: 1e-9 }, 'LLM_TASK_MAX_COST_USD'],
    ] as const) {
      const before = fake.stats.calls;
      await withSpendLimits(limits, async () => {
        await call(); // nothing spent yet: the first call is made
        const err = await call().catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'model_spend_limit', retryable: false });
        expect((err as Error).message).toContain(setting);
      });
      expect(fake.stats.calls - before).toBe(1);
    }
    // outside a run's scope (and in another run) nothing is capped
    await call();
    await withSpendLimits({ maxTokens: 1, maxCostUsd: 0 }, call);
  });

  it("writes every finished call to the run's ledger as it ends: model, usage and cost", async () => {
    const m = model('fake-chat');
    const written: { model: string; tokens: number; cost: number }[] = [];
    const ledger = {
      record: async (name: string, u: CallUsage, cost: number) =>
        void written.push({ model: name, tokens: u.prompt_tokens + u.completion_tokens, cost }),
    };
    const results = await withSpendLimits({ maxTokens: 0, maxCostUsd: 0, ledger }, async () => [
      await chat(
        sdk,
        settings,
        { model: m, messages: [{ role: 'user', content: 'a [step: echo]' }] },
        { signal: never },
      ),
      await chat(
        sdk,
        settings,
        { model: m, messages: [{ role: 'user', content: 'b [step: echo]' }] },
        { signal: never },
      ),
    ]);
    expect(written).toEqual(
      results.map((r) => ({
        model: 'fake-chat',
        tokens: r.usage.prompt_tokens + r.usage.completion_tokens,
        cost: costOf(r.usage, m.price),
      })),
    );
  });

  it('charges a call cut off after the provider accepted it (prompt and what arrived), not one it refused', async () => {
    const m = model('fake-chat');
    const written: CallUsage[] = [];
    const ledger = { record: async (_: string, u: CallUsage) => void written.push(u) };
    const req = (content: string) => ({ model: m, messages: [{ role: 'user' as const, content }] });
    const once = { ...settings, maxRetries: 0 };
    await withSpendLimits({ maxTokens: 0, maxCostUsd: 0, ledger }, async () => {
      // refused before answering: not billed, not charged
      fake.faults.add({ kind: 'status', status: 401 });
      await chat(sdk, once, req('a [step: echo]'), { signal: never }).catch(() => undefined);
      expect(written).toEqual([]);
      // cancelled mid-answer: the prompt the fake server counted, and what had arrived of the answer
      fake.faults.add({ kind: 'slow', delayMs: 100 });
      const ctl = new AbortController();
      const cut = chat(sdk, once, req(`${'z'.repeat(2000)} [step: echo]`), { signal: ctl.signal }).catch(
        (e: unknown) => e,
      );
      await fake.waitForStreaming('echo');
      ctl.abort(new Error('cancelled'));
      expect(await cut).toMatchObject({ message: 'cancelled' });
      expect(written).toHaveLength(1);
      expect(written[0]).toMatchObject({ prompt_tokens: fake.stats.prompt_tokens, estimated: true });
      expect(written[0]?.completion_tokens).toBeLessThan(fake.stats.completion_tokens);
      // accepted, then silent past the idle timeout: its prompt is charged
      const before = fake.stats.prompt_tokens;
      fake.faults.add({ kind: 'hang_stream' });
      expect(await chat(sdk, once, req('b [step: echo]'), { signal: never }).catch((e: unknown) => e)).toMatchObject({
        code: 'model_timeout',
      });
      expect(written[1]).toMatchObject({ prompt_tokens: fake.stats.prompt_tokens - before, completion_tokens: 0 });
    });
  });

  it('keeps reasoning_content apart: never the answer, counted as reasoning tokens', async () => {
    const m = model('fake-reasoner');
    const { meter, value } = ask(m, 'question');
    expect(await value).toEqual({ text: 'question' });
    expect(meter.total.reasoning_tokens).toBeGreaterThan(0);
  });

  it('honours Retry-After on 429 and then succeeds', async () => {
    fake.faults.add({ kind: 'status', status: 429, retryAfter: '1' });
    const t0 = Date.now();
    expect(await ask(model('fake-chat'), 'a').value).toEqual({ text: 'a' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(fake.stats.calls).toBe(2);
  });

  it.each([
    ['500', { kind: 'status', status: 500 } as const],
    ['a hang', { kind: 'hang' } as const],
    ['keep-alive lines and no token', { kind: 'hang_stream' } as const],
    ['a connection reset', { kind: 'reset' } as const],
    ['a reset mid-stream', { kind: 'reset_mid_stream' } as const],
  ])('retries after %s', async (_name, fault) => {
    fake.faults.add(fault);
    const long = 'b'.repeat(500);
    expect(await ask(model('fake-chat'), long).value).toEqual({ text: long });
    expect(fake.stats.calls).toBe(2);
  });

  it('gives up after bounded retries with a retryable model_unavailable', async () => {
    fake.faults.add({ kind: 'status', status: 503, times: 10 });
    const err = await ask(model('fake-chat'), 'c').value.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(err).toMatchObject({ code: 'model_unavailable', retryable: true });
    expect((err as Error).message).toContain('gave up after 3 attempts');
    expect(fake.stats.calls).toBe(3);
  });

  it.each([
    [401, 'model_auth_failed'],
    [403, 'model_auth_failed'],
    [402, 'model_payment_required'],
    [400, 'model_bad_request'],
    [503, 'model_unavailable'],
  ])('fails on %i with %s, saying whether a retry helps, without the provider’s own words', async (status, code) => {
    const secret = 'Incorrect API key sk-live-4f9a at gw-7.internal.corp:8443 (pg: relation "keys" missing)';
    fake.faults.add({ kind: 'status', status, message: secret, times: 9 });
    const err = await ask(model('fake-chat'), 'd').value.catch((e: unknown) => e);
    expect(err).toMatchObject({ code });
    const message = (err as Error).message;
    if (status !== 503) expect(message).toMatch(/will not help/);
    for (const leak of ['sk-live', 'internal.corp', 'relation']) expect(message).not.toContain(leak);
    if (status !== 503) expect(fake.stats.calls).toBe(1);
  });

  it('fails at once for a model the server does not have', async () => {
    const err = await ask(model('no-such-model'), 'e').value.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'model_not_found', retryable: false });
  });

  it('enforces the wall-clock ceiling even while tokens keep coming', async () => {
    fake.faults.add({ kind: 'slow', delayMs: 150, times: 5 });
    const tight = { ...settings, callTimeoutMs: 300, maxRetries: 0 };
    const m = model('fake-chat');
    const err = await new LlmSession(sdk, tight, m, phrases, never)
      .ask(echoSpec('x'.repeat(400)), new UsageMeter(m.price))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'model_timeout', retryable: true });
  });

  it('a cancel aborts the HTTP request within a second', async () => {
    // An earlier test's abandoned request may still be closing: its abort must not count here.
    await waitUntil(() => fake.inFlight() === 0, { what: 'earlier requests to close', timeoutMs: 5000 });
    fake.faults.add({ kind: 'slow', delayMs: 200 });
    const ctl = new AbortController();
    const reason = new Error('cancelled by user');
    const pending = ask(model('fake-chat'), 'y'.repeat(2000), ctl.signal).value.catch((e: unknown) => e);
    await fake.waitForStreaming('echo'); // mid-answer: the first chunk is out, more are coming
    const t0 = Date.now();
    const serverSawIt = fake.waitForAbort('echo', 1_000);
    ctl.abort(reason);
    expect(await pending).toBe(reason);
    await serverSawIt;
    const closed = fake.stats.aborted.filter((a) => a.at >= t0);
    expect(closed).toHaveLength(1);
    expect((closed[0]?.at ?? Infinity) - t0).toBeLessThan(1000);
    expect(fake.inFlight()).toBe(0);
  });
});

describe('structured output', () => {
  it.each([
    ['repairs malformed JSON by sending the error back', 'malformed', 'f', 2],
    ['reads fenced JSON with prose around it in one call', 'fenced', 'g', 1],
    ['asks again after an empty answer', 'empty', 'h', 2],
    ['continues an answer cut off by finish_reason length', 'truncate', 'i'.repeat(300), 2],
  ] as const)('%s', async (_name, kind, text, calls) => {
    fake.faults.add({ kind });
    expect(await ask(model('fake-chat'), text).value).toEqual({ text });
    expect(fake.stats.calls).toBe(calls);
  });

  it('stops after bounded repairs with model_output_invalid', async () => {
    fake.faults.add({ kind: 'malformed', times: 5 });
    const err = await ask(model('fake-chat'), 'j').value.catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'model_output_invalid' });
    expect(fake.stats.calls).toBe(3);
  });

  it('falls back from json_schema to json_object when the server rejects response_format', async () => {
    fake.faults.add({ kind: 'status', status: 400, message: 'response_format json_schema is not supported' });
    expect(await ask(model('fake-chat', { structured: 'json_schema' }), 'k').value).toEqual({ text: 'k' });
    expect(fake.stats.calls).toBe(2);
  });
});
