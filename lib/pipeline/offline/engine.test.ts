import { describe, expect, it } from 'vitest';
import { createOfflineGenerator as fromPipeline } from '..';
import { AbortedError, type GenerateOptions } from '../types';
import { createOfflineGenerator, OFFLINE_CHECKPOINT_PREFIX } from '.';
import { ALICE, AQ, fakeContext } from './test-support';

const generator = createOfflineGenerator();
const run = (text: string, options: Partial<GenerateOptions> = {}, ctx = fakeContext(), title = 'Novel') =>
  generator.generate({ title, text }, { language: 'zh', ...options } as GenerateOptions, ctx);

describe('offline generator', () => {
  it('is named offline and exported from lib/pipeline', () => {
    expect(generator.name).toBe('offline');
    expect(fromPipeline().name).toBe('offline');
  });

  it('turns 阿Q正传 into a valid script', async () => {
    const result = await run(AQ(), { language: 'zh', episodes: 9 }, fakeContext(), '阿Q正传');
    expect(result.title).toBe('阿Q正传');
    expect(result.language).toBe('zh');
    expect(result.engine).toEqual({ name: 'offline', model: null });
    expect(Object.entries(result.usage).filter(([, n]) => n !== 0)).toEqual([]); // no model, no cost
    expect(result.episodes).toHaveLength(9);
    expect(result.source.chapters.map((c) => c.title)).toContain('大团圆');
    expect(result.source.total_chars).toBe(AQ().length);
    expect(result.source.characters_found).toBe(result.characters.length);
    expect(result.characters[0]).toMatchObject({ name: '阿Q', role: 'protagonist' });
    expect(result.logline.startsWith('阿Q的故事。')).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('reports non-decreasing progress below 100 with stage messages in zh', async () => {
    const ctx = fakeContext();
    await run(AQ(), { language: 'zh', episodes: 3 }, ctx);
    const values = ctx.progress.map((p) => p.progress);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(Math.max(...values)).toBe(99);
    expect(values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
    expect(ctx.progress.map((p) => p.stage)).toEqual([
      { key: 'parse', message: '解析章节…' },
      { key: 'characters', message: '正在生成角色设定…' },
      { key: 'outline', message: '正在生成分集大纲…' },
      { key: 'script', message: '正在撰写第1集…' },
      { key: 'script', message: '正在撰写第2集…' },
      { key: 'script', message: '正在撰写第3集…' },
      { key: 'check', message: '正在校验剧本…' },
      { key: 'check', message: '正在校验剧本…' },
    ]);
  });

  it('reports stage messages in en for an English task', async () => {
    const ctx = fakeContext();
    const result = await run(ALICE(), { language: 'en', episodes: 2 }, ctx, 'Alice');
    expect(result.language).toBe('en');
    expect(ctx.progress.map((p) => p.stage.message)).toEqual([
      'Splitting chapters…',
      'Building the character bible…',
      'Outlining episodes…',
      'Writing episode 1…',
      'Writing episode 2…',
      'Checking the script…',
      'Checking the script…',
    ]);
  });

  it('detects the language when the options do not give one', async () => {
    const result = await run(ALICE(), { language: undefined as unknown as 'en', episodes: 2 });
    expect(result.language).toBe('en');
    expect(result.warnings.slice(0, 2)).toEqual([
      'the source’s title page (87 characters) was not adapted: “[Illustration] Alice’s Adventures in Wonderland by Lewis Car…”',
      'the source’s table of contents (355 characters) was not adapted: “Contents CHAPTER I. Down the Rabbit-Hole CHAPTER II. The Poo…”',
    ]);
  });

  it('warns that it cannot translate when the task language differs from the text', async () => {
    const result = await run(AQ(), { language: 'en', episodes: 2 });
    expect(result.language).toBe('en');
    expect(result.characters[0]?.name).toBe('阿Q');
    expect(result.warnings).toContain(
      'the offline engine does not translate: the script text stays in the source language',
    );
    // two episodes of a whole novel are far over 3 minutes: what condensing cost is said, per episode
    expect(
      result.warnings.filter((w) => /^episode \d: \d+ spoken lines dropped and \d+ shortened/.test(w)),
    ).not.toEqual([]);
  });

  it('throws AbortedError when the signal fires, between steps', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(run(AQ(), {}, fakeContext({ signal: controller.signal }))).rejects.toBeInstanceOf(AbortedError);

    const mid = new AbortController();
    const ctx = fakeContext({ signal: mid.signal });
    const reportProgress = ctx.reportProgress;
    ctx.reportProgress = (progress, stage) => {
      reportProgress(progress, stage);
      if (stage.message === '正在撰写第2集…') mid.abort();
    };
    await expect(run(AQ(), { episodes: 5 }, ctx)).rejects.toBeInstanceOf(AbortedError);
    expect(ctx.saves).toEqual([`${OFFLINE_CHECKPOINT_PREFIX}1`]);
  });

  it('checkpoints each episode and, on a retry, skips the saved ones with the same result', async () => {
    const first = fakeContext();
    const whole = await run(AQ(), { episodes: 5 }, first);
    expect(first.saves).toEqual([1, 2, 3, 4, 5].map((n) => `offline:episode:${n}`));

    // a retry after episode 3 was saved: episodes 1–3 are loaded, 4–5 are written
    const store = new Map([...first.store].filter(([k]) => Number(k.split(':').pop()) <= 3));
    const retry = fakeContext({ store });
    const resumed = await run(AQ(), { episodes: 5 }, retry);
    expect(retry.loads).toEqual([1, 2, 3, 4, 5].map((n) => `offline:episode:${n}`));
    expect(retry.saves).toEqual(['offline:episode:4', 'offline:episode:5']);
    expect(resumed).toEqual(whole);

    // the loaded episodes are really used (not regenerated)
    const tampered = new Map(store);
    tampered.set('offline:episode:1', { ...(store.get('offline:episode:1') as object), title: '从检查点来' });
    const fromCheckpoint = await run(AQ(), { episodes: 5 }, fakeContext({ store: tampered }));
    expect(fromCheckpoint.episodes[0]?.title).toBe('从检查点来');

    // a broken checkpoint is ignored and rewritten
    const broken = fakeContext({ store: new Map([['offline:episode:2', { nope: true }]]) });
    const again = await run(AQ(), { episodes: 5 }, broken);
    expect(broken.saves).toContain('offline:episode:2');
    expect(again).toEqual(whole);
  });

  it('is deterministic', async () => {
    const a = await run(ALICE(), { language: 'en' });
    const b = await run(ALICE(), { language: 'en' });
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('handles plain text with no headings by falling back to blocks', async () => {
    const paragraph = '“Where are you going?” said Tom. Mary looked at the long road and the river beyond it. ';
    const text = Array.from({ length: 60 }, () => paragraph.repeat(2)).join('\n\n');
    const result = await run(text, { language: 'en' });
    expect(result.source.chapters[0]?.title).toBe('Part 1');
    expect(result.source.chapters.length).toBeGreaterThan(1);
    expect(result.episodes.length).toBeGreaterThanOrEqual(3);
  });

  it('makes a script from a tiny text, with the exact episode count asked', async () => {
    const result = await run('他来了。', { episodes: 3 }, fakeContext(), '  ');
    expect(result.episodes).toHaveLength(3);
    expect(result.title).toBe('第1部分');
    expect(result.warnings).toEqual(['原文太短，3集中有的集内容重复']);
  });

  // A guard against a quadratic blow-up, not a speed claim: it took 66 ms (zh) and 525 ms (en) on a loaded machine, and the
  // suite runs files in parallel on two cores, so the bound leaves room for a loaded machine.
  it('generates each novel without a blow-up in time', async () => {
    for (const [text, language] of [
      [AQ(), 'zh'],
      [ALICE(), 'en'],
    ] as const) {
      const started = performance.now();
      await run(text, { language });
      const ms = performance.now() - started;
      console.log(`offline generate (${language}, ${text.length} chars): ${ms.toFixed(0)} ms`);
      expect(ms).toBeLessThan(8_000);
    }
  });
});
