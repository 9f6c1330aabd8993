// The offline engine on prepared text: a first-person narrator with OS lines, front matter and
// notes reported but never staged, places that are places, hooks from the end of each episode,
// and episodes inside 1–3 minutes.
import { beforeAll, describe, expect, it } from 'vitest';
import { episodeLengthRange, lengthUnits as scriptUnits } from '../length';
import type { Language, ScriptResult } from '../schema';
import type { GenerateOptions } from '../types';
import { createOfflineGenerator } from '.';
import { ALICE, AQ, fakeContext, LIGHTHOUSE, QINGSHI } from './test-support';

const generator = createOfflineGenerator();
const run = (text: string, title: string, options: Partial<GenerateOptions> = {}) =>
  generator.generate({ title, text }, { language: 'zh', ...options } as GenerateOptions, fakeContext());
const lines = (r: ScriptResult) => r.episodes.flatMap((e) => e.scenes.flatMap((s) => s.lines));
const minutes = (r: ScriptResult) =>
  r.episodes.map((e) => e.scenes.flatMap((s) => s.lines).reduce((n, l) => n + scriptUnits(l.text, r.language), 0));

describe('offline engine: a first-person Chinese story with a preface and footnotes', () => {
  let result: ScriptResult;
  beforeAll(async () => {
    result = await run(QINGSHI(), '青石镇的船', { language: 'zh' });
  });

  it('puts the narrator in the cast, first, with OS lines and no △ in the first person', () => {
    expect(result.characters[0]).toMatchObject({ name: '林满', role: 'protagonist' });
    expect(result.characters[0]?.description).toContain('第一人称叙述者');
    const os = lines(result).filter((l) => l.type === 'os' && l.character === '林满');
    expect(os.length).toBeGreaterThan(5);
    expect(os.some((l) => l.text.startsWith('我心里一沉'))).toBe(true);
    // someone else's action on the narrator may stay △ (陈伯一把拉住我的胳膊); 我 as subject never
    expect(lines(result).filter((l) => l.type === 'action' && /^我(?!们)/.test(l.text))).toEqual([]);
    expect(lines(result).filter((l) => l.type === 'dialogue' && l.character === '林满').length).toBeGreaterThan(3);
  });

  it('adapts the preface as a prologue and keeps the one-line ending', () => {
    expect(result.source.chapters[0]).toMatchObject({ number: 1, title: '前言' });
    expect(result.episodes[0]?.chapters).toContain(1);
    const last = result.episodes[result.episodes.length - 1];
    const text = last?.scenes.flatMap((s) => s.lines.map((l) => l.text)).join('\n');
    expect(text).toContain('那年秋天，我回了城，再也没有回过青石镇。');
  });

  it('uses footnotes as context only: never a line, never a hook, and says so', () => {
    const all = [...lines(result).map((l) => l.text), ...result.episodes.map((e) => e.hook)].join('\n');
    expect(all).not.toMatch(/[①②③]|船契：旧时|失火的意思|中心小学/);
    expect(result.source.set_aside).toEqual([
      { kind: 'front_matter', chars: 8, excerpt: '青石镇的船 林满 著' },
      expect.objectContaining({ kind: 'notes', chars: 118 }),
    ]);
    expect(result.warnings).toEqual([
      '原文扉页（8字）未改编进剧本：“青石镇的船 林满 著”',
      expect.stringMatching(/^原文注释（118字）只作参考，未写进台词或动作：“（注：此处所说的小学/),
      '原文正文前的“前言”作为序章改编，没有丢弃',
      '第一人称叙述者“我”即林满（名字取自原文），内心叙述为OS',
    ]);
  });

  it('takes each 卡点 from the end of its episode, preferring a cliffhanger', () => {
    const hooks = result.episodes.map((e) => e.hook);
    // episode 2 ends on 赵德贵's visit: the narrator's sudden doubt (a reveal and a question)
    // outranks the last spoken line
    expect(hooks).toEqual([
      '我想，外公一辈子撑船，能留下什么值钱的东西呢？',
      '外公不是病死的吗？',
      '我想，外公留给我的，并不是一条船，也不是一块地。',
    ]);
    for (const e of result.episodes) {
      const staged = e.scenes.flatMap((s) => s.lines.map((l) => l.text)).join('\n');
      expect(staged, `episode ${e.number}`).toContain(e.hook.replace(/^[^：“]+：“|”$/g, '').slice(0, 10));
    }
  });
});

describe('offline engine: a first-person English story', () => {
  let result: ScriptResult;
  beforeAll(async () => {
    result = await run(LIGHTHOUSE(), 'The Keeper’s Daughter', { language: 'en' });
  });

  it('names the narrator from the text, and gives her OS', () => {
    expect(result.characters.map((c) => c.name)).toEqual(['Nell Hardy', 'Tom Fletcher', 'Mr. Crane']);
    expect(lines(result).filter((l) => l.type === 'os' && l.character === 'Nell Hardy').length).toBeGreaterThan(5);
    expect(lines(result).filter((l) => l.type === 'action' && /^I\b/.test(l.text))).toEqual([]);
    expect(lines(result).find((l) => l.text.startsWith('I am'))).toMatchObject({ character: 'Nell Hardy' });
  });

  it('keeps notes and the editor’s note out of the script, and the last line in', () => {
    const all = lines(result)
      .map((l) => l.text)
      .join('\n');
    expect(all).not.toMatch(/\[1\]|\[2\]|Fresnel|historical society/);
    expect(all).toContain('I never went back.');
    expect(result.source.set_aside?.map((s) => s.kind)).toEqual(['front_matter', 'notes']);
  });
});

describe('offline engine: scene headings', () => {
  it('never uses a section numeral or a chapter title as the place', async () => {
    // sections with no place word at all: the old fallback was the section's title ("二")
    const body = (who: string) =>
      `${who}看着我，很久没有说话。“你还记得那年的事吗？”${who}问。我摇了摇头，心里却什么都记得。`.repeat(8);
    const text = `一\n\n${body('老周')}\n\n二\n\n${body('阿兰')}\n\n三\n\n${body('老周')}\n`;
    const result = await run(text, '旧事', { language: 'zh' });
    const titles = new Set(result.source.chapters.map((c) => c.title));
    for (const s of result.episodes.flatMap((e) => e.scenes)) {
      expect(titles.has(s.location), s.location).toBe(false);
      expect(s.location).not.toMatch(/^[0-9一二三四五六七八九十]+$/);
    }
    for (const s of result.episodes.flatMap((e) => e.scenes)) expect(['室内', '室外']).toContain(s.location);
  });
});

describe('offline engine: episode length', () => {
  it.each([
    ['阿Q正传', AQ, 'zh'],
    ['Alice', ALICE, 'en'],
    ['青石镇的船', QINGSHI, 'zh'],
    ['The Keeper’s Daughter', LIGHTHOUSE, 'en'],
  ] as const)('holds every episode of %s inside 1–3 minutes by default', async (title, text, language) => {
    const result = await run(text(), title, { language: language as Language });
    const { min, max } = episodeLengthRange(language);
    for (const [i, units] of minutes(result).entries()) {
      expect(units, `episode ${i + 1}`).toBeLessThanOrEqual(max);
      expect(units, `episode ${i + 1}`).toBeGreaterThanOrEqual(min);
    }
    expect(result.warnings.filter((w) => /spoken lines dropped|删去\d+句/.test(w))).toEqual([]);
  });
});
