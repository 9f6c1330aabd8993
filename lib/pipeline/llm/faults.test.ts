// The writers' room against a fake model that goes wrong the way real models do. For each
// semantic fault the test asserts what the pipeline did: repaired it (a narrower question or a
// rewrite), re-asked, or flagged it in the result's warnings — never a silent substitute.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from '../../../tests/fake-openai/server';
import { episodeText } from '../export/txt';
import { AQ, fakeContext, QINGSHI } from '../offline/test-support';
import type { ScriptResult } from '../schema';
import { fakeEngine } from './test-support';

const fake = await startFakeOpenAI();
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const engine = fakeEngine(fake);
const aq = (options: { review?: boolean; episodes?: number } = {}) =>
  engine(AQ(), { language: 'zh', episodes: options.episodes ?? 6, review: options.review ?? false });

const speakers = (r: ScriptResult) =>
  new Set(r.episodes.flatMap((e) => e.scenes.flatMap((s) => s.lines.map((l) => l.character ?? ''))));
const planCalls = () => fake.stats.requests.filter((q) => q.step === 'plan');

/**
 * Share of the planned events (ids from each episode's beat sheet, texts from the reading notes
 * the planner saw) whose text the episode contains.
 */
function stagedShare(r: ScriptResult): number {
  const texts = new Map<string, string>();
  for (const q of planCalls())
    for (const m of q.user.matchAll(/^\[([\d.]+) ★\d\] (.*?)(?: \(| ¶|$)/gm)) texts.set(m[1] ?? '', m[2] ?? '');
  let hit = 0;
  let all = 0;
  for (const e of r.episodes) {
    const text = episodeText(e, r.language);
    const prompt = fake.stats.requests.filter((q) => q.step === 'episode' && q.user.includes(`第${e.number}/`)).pop();
    const sheet = /<sheet>\n([\s\S]*?)\n<\/sheet>/.exec(prompt?.user ?? '')?.[1] ?? '';
    const ids = [...sheet.matchAll(/^scene \d+: .*? \| .*? \| .*? \| .*? \| ([\d.,]*) \|/gm)].flatMap((m) =>
      (m[1] ?? '').split(',').filter(Boolean),
    );
    for (const id of ids) {
      all++;
      if (text.includes(texts.get(id) ?? '\u0000')) hit++;
    }
  }
  expect(all).toBeGreaterThan(r.episodes.length);
  return hit / all;
}

describe('a faithful fake model', () => {
  it('writes every episode from the events its prompt carries (a prompt without events fails this)', async () => {
    const r = await aq({ review: false });
    expect(stagedShare(r)).toBeGreaterThan(0.9);
    expect(r.warnings.filter((w) => /没有演出|事件/.test(w))).toEqual([]);
  });
});

describe('semantic faults', () => {
  it('a chunk answer missing a chapter: that chapter is asked for alone, nothing is flagged', async () => {
    fake.faults.add({ kind: 'omit_chapter', step: 'notes' });
    const r = await aq();
    const alone = fake.stats.requests.filter((q) => q.step === 'notes' && q.user.includes('漏掉了下面这一章'));
    expect(alone).toHaveLength(1);
    expect((alone[0]?.user.match(/<chapter /g) ?? []).length).toBe(1);
    expect(r.warnings.filter((w) => w.includes('阅读笔记'))).toEqual([]);
    const covered = new Set(r.episodes.flatMap((e) => e.chapters));
    for (const c of r.source.chapters) expect(covered).toContain(c.number);
  });

  it('a chapter no answer covers, alone or in halves: excerpts stand in and the warning names it', async () => {
    fake.faults.add({ kind: 'omit_chapter', step: 'notes', after: 1, times: 20 });
    const r = await aq();
    expect(r.episodes).toHaveLength(6);
    expect(r.warnings.some((w) => /第\d+章的阅读笔记两次都没有给出/.test(w))).toBe(true);
  });

  it('too few episodes planned: the rest is planned again from the unused events, never copied', async () => {
    fake.faults.add({ kind: 'few_episodes', step: 'plan', after: 1, times: 2 });
    const r = await aq({ episodes: 10 });
    expect(planCalls().length).toBeGreaterThan(4); // 4 arcs, plus the re-plans
    expect(r.episodes.map((e) => e.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const key of ['title', 'summary', 'hook'] as const)
      expect(new Set(r.episodes.map((e) => e[key])).size).toBe(r.episodes.length);
    const firsts = r.episodes.map((e) => Math.min(...e.chapters));
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
  });

  it('an invented character in the plan never reaches the cast, and is flagged', async () => {
    fake.faults.add({ kind: 'invent_character', step: 'plan' });
    const r = await aq();
    expect(r.characters.map((c) => c.name)).not.toContain('神秘人甲');
    expect(r.warnings.some((w) => w.includes('神秘人甲') && w.includes('原著中没有'))).toBe(true);
  });

  it('an invented speaker: with review the episode is rewritten; without, dropped from the cast and flagged', async () => {
    fake.faults.add({ kind: 'invent_character', step: 'episode' });
    const reviewed = await aq({ review: true });
    expect(speakers(reviewed)).not.toContain('神秘人甲');
    expect(reviewed.warnings.filter((w) => w.includes('神秘人甲'))).toEqual([]);
    fake.reset();
    fake.faults.add({ kind: 'invent_character', step: 'episode' });
    const plain = await aq({ review: false });
    expect(speakers(plain)).toContain('神秘人甲');
    expect(plain.characters.map((c) => c.name)).not.toContain('神秘人甲');
    for (const e of plain.episodes) for (const s of e.scenes) expect(s.characters).not.toContain('神秘人甲');
    expect(plain.warnings.some((w) => /第\d+集有原著和人物表里都没有的说话人：神秘人甲/.test(w))).toBe(true);
  });

  it('an episode that ignores its events: rewritten with review, flagged without', async () => {
    fake.faults.add({ kind: 'ignore_events', step: 'episode' });
    const reviewed = await aq({ review: true });
    expect(fake.stats.byStep.episode).toBe(7); // one rewrite
    expect(reviewed.warnings.filter((w) => w.includes('没有演出'))).toEqual([]);
    expect(JSON.stringify(reviewed)).not.toContain('天气晴朗');
    fake.reset();
    fake.faults.add({ kind: 'ignore_events', step: 'episode' });
    const plain = await aq({ review: false });
    expect(plain.warnings.some((w) => /第\d+集没有演出节拍表里的\d+\/\d+个事件/.test(w))).toBe(true);
  });

  it('a missing 【卡点】 is asked for alone; when that fails too it is flagged, never the plan’s hook', async () => {
    fake.faults.add({ kind: 'drop_hook', step: 'episode' });
    const fixed = await aq();
    expect(fake.stats.byStep.hook).toBe(1);
    for (const e of fixed.episodes) expect(e.hook).not.toBe('');
    expect(fixed.warnings.filter((w) => w.includes('卡点'))).toEqual([]);
    fake.reset();
    fake.faults.add({ kind: 'drop_hook', step: 'episode' }, { kind: 'empty', step: 'hook' });
    const flagged = await aq();
    expect(flagged.episodes.filter((e) => e.hook === '')).toHaveLength(1);
    expect(flagged.warnings.some((w) => /第\d+集没有写出【卡点】/.test(w))).toBe(true);
  });

  it('two scenes, or the wrong language: the episode is asked for again with the reason', async () => {
    fake.faults.add({ kind: 'two_scenes', step: 'episode' }, { kind: 'wrong_language', step: 'episode', after: 3 });
    const r = await aq();
    expect(fake.stats.byStep.episode).toBe(8);
    for (const e of r.episodes) {
      expect(e.scenes.length).toBeGreaterThanOrEqual(3);
      expect(e.scenes.length).toBeLessThanOrEqual(5);
      expect(episodeText(e, 'zh')).not.toMatch(/unfolds quietly/);
    }
    expect(r.warnings).toEqual([]);
  });
});

describe('the whole text reaches the model', () => {
  it('40 random snippets, the preface before the first chapter heading included, are each in some prompt', async () => {
    const preface = '题记：这是写在第一章之前的一段序言，讲我为什么要给阿Q作传。😀\n\n';
    const text = preface + AQ();
    const ctx = fakeContext();
    await engine(text, { language: 'zh', episodes: 4, review: false }, ctx);
    const prompts = fake.stats.requests.filter((q) => q.step === 'notes').map((q) => q.user);
    const lines = text.split('\n').filter((l) => l.trim().length >= 12);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const snippets = [preface.slice(0, 20)];
    while (snippets.length < 40) {
      const line = (lines[Math.floor(random() * lines.length)] ?? '').trim();
      const at = Math.floor(random() * (line.length - 10));
      snippets.push(line.slice(at, at + 10));
    }
    const missing = snippets.filter((s) => !prompts.some((p) => p.includes(s.replace(/\s+/g, ' '))));
    expect(missing).toEqual([]);
  });
});

describe('a first-person novel with a preface and footnotes', () => {
  it('the preface is read, footnotes reach the model only as annotations, the narrator is in the cast', async () => {
    const text = QINGSHI();
    const r = await engine(text, { language: 'zh', episodes: 4, review: false }, fakeContext(), '青石镇的船');
    const notes = fake.stats.requests.filter((q) => q.step === 'notes').map((q) => q.user);
    const sources = notes.map((u) => /<source>\n([\s\S]*?)\n<\/source>/.exec(u)?.[1] ?? '').join('\n');
    expect(sources).toContain('这篇东西写的是我二十岁那年夏天的事');
    expect(sources).not.toContain('船契：旧时船只的凭证');
    expect(notes.some((u) => /<annotations>[\s\S]*船契：旧时船只的凭证/.test(u))).toBe(true);
    expect(notes.every((u) => u.includes('第一人称叙述者“我”是林满'))).toBe(true);
    expect(r.characters.map((c) => c.name)).toContain('林满');
    expect(JSON.stringify(r.episodes)).not.toContain('旧时船只的凭证');
  });
});
