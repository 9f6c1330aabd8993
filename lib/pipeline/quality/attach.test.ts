import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../export/md';
import { createOfflineGenerator } from '../offline';
import { AQ, fakeContext } from '../offline/test-support';
import { ScriptResult } from '../schema';
import { assessScript, MEASURE_KEYS, qualitySource, withQuality } from '.';
import { goodScript, NOVEL_ZH } from './fixtures.test-util';

describe('withQuality (the worker attaches it to every result)', () => {
  it('measures an offline script of 阿Q正传 against its novel, fast enough to run on every result', async () => {
    const script = await createOfflineGenerator().generate(
      { title: '阿Q正传', text: AQ() },
      { language: 'zh', episodes: 10 },
      fakeContext(),
    );
    const t0 = performance.now();
    const r = await withQuality(script, AQ());
    expect(performance.now() - t0).toBeLessThan(5_000); // a guard against a quadratic blow-up, not a speed claim
    expect(ScriptResult.parse(r)).toEqual(r);
    expect(r.quality?.measures.map((m) => m.key)).toEqual(MEASURE_KEYS);
    expect(r.quality?.chapters).toHaveLength(9);
    expect(r.quality?.episodes.map((e) => e.number)).toEqual(script.episodes.map((e) => e.number));
    expect(r.warnings).toEqual(script.warnings);
  });

  it('reads the source as the engines do: a preface is a prologue chapter, notes and the narrator are known', () => {
    const raw = readFileSync(
      fileURLToPath(new URL('../../../tests/fixtures/qingshi-town.zh.txt', import.meta.url)),
      'utf8',
    );
    const src = qualitySource(raw);
    expect(src.chapters[0]?.kind).toBe('prologue');
    expect(src.narrator).toBe('林满');
    expect(src.notes?.length).toBeGreaterThan(0);
    for (const n of src.notes ?? []) expect(src.text).not.toContain(n.text);
  });

  it('yields to the event loop while it measures, and reports the same as the synchronous call', async () => {
    const script = await createOfflineGenerator().generate(
      { title: '阿Q正传', text: AQ() },
      { language: 'zh', episodes: 10 },
      fakeContext(),
    );
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const r = await withQuality(script, AQ());
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(r.quality).toEqual(assessScript(script, qualitySource(AQ())));
  });

  it('passes the task’s episode length on as the target', async () => {
    const r = await withQuality(goodScript(), NOVEL_ZH, { episodeLength: 100 });
    expect(r.quality?.episodes[0]).toMatchObject({ min: 50, max: 150 });
    expect(r.quality?.level).toBe('ok');
  });

  it('a report that cannot be computed is a warning, and the script is kept', async () => {
    const broken = {
      ...goodScript(),
      episodes: [{ ...goodScript().episodes[0], scenes: null }],
    } as unknown as ScriptResult;
    const r = await withQuality(broken, NOVEL_ZH);
    expect(r.quality).toBeUndefined();
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^质量报告未能生成: /);
  });

  it('the md export opens with the report: the verdict, each measure, the issues with episode and scene', async () => {
    const s = goodScript();
    s.episodes[1]!.scenes.splice(1, 1);
    s.source.set_aside = [{ kind: 'toc', chars: 12, excerpt: '目录 第一章 来信' }];
    const md = renderMarkdown(await withQuality(s, NOVEL_ZH, { episodeLength: 100 }));
    const head = md.slice(0, md.indexOf('## 人物表'));
    expect(head).toContain('## 质量：不合格');
    expect(head).toContain('- 每集场数：50% · 不合格 — 2 集中 1 集为 3–5 场');
    expect(head).toContain('- \\[注意\\] 第2集：本集 2 场，应为 3–5 场');
    expect(head).toContain('- 章节覆盖：100% · 合格');
    expect(head).toContain('## 未作为故事改编的原文\n\n- 目录 · 12 字 · 目录 第一章 来信');
  });
});
