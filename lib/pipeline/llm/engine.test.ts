// The LLM engine end to end against the fake OpenAI server, in process: the structure of the
// result on both novels, resume from checkpoints, partial scenes, progress and faults.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../../tests/fake-openai/server';
import { ALICE, AQ, fakeContext } from '../offline/test-support';
import { partialEpisodes } from '../partial-script';
import { fakeEngine } from './test-support';

const fake = await startFakeOpenAI();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const engine = fakeEngine(fake);
const run = (
  text: string,
  language: 'zh' | 'en',
  episodes: number | undefined,
  ctx = fakeContext(),
  model = 'fake-chat',
) => engine(text, { language, episodes, model }, ctx);

const names = (r: Awaited<ReturnType<typeof run>>) => r.characters.flatMap((c) => [c.name, ...c.aliases]);

describe('LLM engine on 阿Q正传', () => {
  it('builds the bible with merged aliases, covers every chapter and keeps the episode count', async () => {
    const ctx = fakeContext();
    const r = await run(AQ(), 'zh', 10, ctx);
    const all = names(r);
    for (const n of ['阿Q', '赵太爷', '王胡', '小D', '吴妈', '假洋鬼子']) expect(all).toContain(n);
    const aq = r.characters.filter((c) => [c.name, ...c.aliases].some((f) => /Q/.test(f)));
    expect(aq).toHaveLength(1);
    expect(r.episodes).toHaveLength(10);
    const covered = new Set(r.episodes.flatMap((e) => e.chapters));
    for (const c of r.source.chapters) expect(covered).toContain(c.number);
    expect(r.engine).toEqual({ name: 'llm', model: 'fake-chat' });
    expect(r.usage.calls).toBe(fake.stats.calls);
    expect(r.usage.prompt_tokens).toBe(fake.stats.prompt_tokens);
    for (const e of r.episodes) {
      expect(e.scenes.length).toBeGreaterThanOrEqual(3);
      expect(e.hook).not.toBe('');
    }
    const known = new Set(all);
    const speakers = r.episodes.flatMap((e) => e.scenes.flatMap((s) => s.lines.map((l) => l.character)));
    for (const s of speakers) if (s) expect(known).toContain(s);
    // progress: never down, zh messages, stages in order
    const ps = ctx.progress.map((p) => p.progress);
    expect(ps).toEqual([...ps].sort((a, b) => a - b));
    expect(ps[ps.length - 1]).toBeGreaterThanOrEqual(95);
    const keys = [...new Set(ctx.progress.map((p) => p.stage.key))];
    expect(keys).toEqual(['parse', 'summarize', 'outline', 'script', 'check']);
    expect(ctx.progress.find((p) => p.stage.key === 'script')?.stage.message).toMatch(/撰写分场剧本/);
    // The estimate's arithmetic is in progress.test.ts (a run this fast may finish before there is a pace).
    for (const p of ctx.progress)
      if (p.stage.estimate !== undefined) expect(Number.isInteger(p.stage.estimate)).toBe(true);
  });

  it('saves finished scenes while an episode streams, then the episode', async () => {
    const ctx = fakeContext();
    await run(AQ(), 'zh', 3, ctx);
    const saves = ctx.saves.filter((k) => k === 'llm:episode:1');
    expect(saves.length).toBeGreaterThanOrEqual(2);
    const shown = partialEpisodes([...ctx.store.entries()].map(([key, value]) => ({ key, value })));
    expect(shown.map((e) => [e.number, e.complete])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  it('a run failed at ~80 % resumes from its checkpoints with far fewer model calls', async () => {
    const clean = fakeContext();
    await run(AQ(), 'zh', 10, clean);
    const cleanCalls = fake.stats.calls;
    fake.reset();
    const ctx = fakeContext();
    fake.faults.add({ kind: 'status', status: 401, step: 'critic', after: 9 });
    const err = await run(AQ(), 'zh', 10, ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'model_auth_failed', retryable: false });
    expect(Math.max(...ctx.progress.map((p) => p.progress))).toBeGreaterThanOrEqual(70);
    fake.reset();
    const resumed = await run(AQ(), 'zh', 10, fakeContext({ store: ctx.store }));
    expect(fake.stats.calls).toBeLessThanOrEqual(3);
    expect(fake.stats.calls).toBeLessThan(cleanCalls / 4);
    expect(resumed.episodes).toHaveLength(10);
    expect(resumed.usage.calls).toBeGreaterThanOrEqual(cleanCalls - 3);
  });

  it('derives the episode count from the length when none is asked for', async () => {
    const r = await run(AQ(), 'zh', undefined);
    expect(r.episodes.length).toBeGreaterThanOrEqual(3);
    expect(r.warnings.filter((w) => w.includes('要求'))).toEqual([]);
  });

  it('survives faults on every stage and still completes', async () => {
    fake.faults.add(
      { kind: 'fenced', step: 'notes' },
      { kind: 'truncate', step: 'plan' },
      { kind: 'malformed', step: 'plan' },
      { kind: 'empty', step: 'episode' },
      { kind: 'status', status: 429, retryAfter: '0', step: 'episode' },
      { kind: 'reset_mid_stream', step: 'episode' },
    );
    const r = await run(AQ(), 'zh', 4, fakeContext(), 'fake-reasoner');
    expect(r.episodes).toHaveLength(4);
    expect(r.usage.reasoning_tokens).toBeGreaterThan(0);
    expect(fake.faults.pending).toBe(0);
  });
});

describe('LLM engine on Alice', () => {
  it('builds the bible, covers every chapter and keeps the episode count', async () => {
    const r = await run(ALICE(), 'en', 8);
    const all = names(r);
    for (const n of ['Alice', 'White Rabbit', 'Hatter', 'Queen', 'Duchess']) expect(all).toContain(n);
    expect(r.episodes).toHaveLength(8);
    const covered = new Set(r.episodes.flatMap((e) => e.chapters));
    expect(r.source.chapters.length).toBe(12);
    for (const c of r.source.chapters) expect(covered).toContain(c.number);
    expect(r.language).toBe('en');
  });
});
