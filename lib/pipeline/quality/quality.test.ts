import { describe, expect, it } from 'vitest';
import { ScriptResult } from '../schema';
import { splitChapters } from '../text/chapters';
import { assessScript, checkEpisode, indexSource, MEASURE_KEYS, type MeasureKey, QualityReport } from '.';
import { goodScript, sourceZh } from './fixtures.test-util';

const SHORT = { episodeLength: 100 }; // the hand-made episodes are ~100 字 long

const measure = (r: QualityReport, key: MeasureKey) => {
  const m = r.measures.find((x) => x.key === key);
  if (!m) throw new Error(`no measure ${key}`);
  return m;
};
const issuesOf = (r: QualityReport, key: MeasureKey) => r.issues.filter((i) => i.measure === key);

describe('assessScript on a faithful script', () => {
  it('rates every measure ok and raises no issue', () => {
    const r = assessScript(goodScript(), sourceZh(), SHORT);
    expect(r.issues).toEqual([]);
    expect(r.measures.map((m) => [m.key, m.level])).toEqual(MEASURE_KEYS.map((k) => [k, 'ok']));
    expect(r.level).toBe('ok');
    expect(r.chapters).toEqual([
      { number: 1, events: 1, covered: 1 },
      { number: 2, events: 1, covered: 1 },
      { number: 3, events: 1, covered: 1 },
    ]);
    expect(QualityReport.parse(r)).toEqual(r);
  });
});

describe('each measure trips on the fault it measures, naming episode and scene', () => {
  it('coverage: a chapter no scene stages fails, by chapter', () => {
    const s = goodScript();
    s.episodes = s.episodes.slice(0, 1);
    const r = assessScript(s, sourceZh(), SHORT);
    expect(measure(r, 'coverage')).toMatchObject({ level: 'fail', value: 2 / 3 });
    expect(issuesOf(r, 'coverage')).toEqual([
      { measure: 'coverage', level: 'fail', chapter: 3, message: '"对峙"的内容没有出现在任何一场中' },
    ]);
    expect(r.level).toBe('fail');
  });

  it('attribution: lines given to 某人 or to a source name missing from the cast', () => {
    const s = goodScript();
    const lines = s.episodes[0]!.scenes[0]!.lines;
    lines[1] = { ...lines[1]!, character: '某人' };
    lines[2] = { ...lines[2]!, character: '某人' };
    s.episodes[1]!.scenes[1]!.lines[1]!.character = '表叔'; // an alias: still attributed
    const r = assessScript(s, sourceZh(), SHORT);
    const m = measure(r, 'attribution');
    expect(m.value).toBeCloseTo(4 / 6);
    expect(m.level).toBe('fail');
    expect(issuesOf(r, 'attribution')).toEqual([
      { measure: 'attribution', level: 'warn', episode: 1, scene: 1, message: '2 句台词没有归属到人物表中的角色' },
    ]);
  });

  it('invented speakers: one neither in source nor cast, one only in a padded cast', () => {
    const s = goodScript();
    s.episodes[1]!.scenes[1]!.lines.push({ type: 'dialogue', character: '李四', text: '我早就知道了。' });
    s.episodes[1]!.scenes[2]!.lines.push({ type: 'dialogue', character: '赵五', text: '快跑！' });
    s.episodes[1]!.scenes[2]!.lines.push({ type: 'dialogue', character: '李四', text: '来不及了。' });
    s.characters.push({ name: '赵五', aliases: [], role: 'minor', description: '' });
    const r = assessScript(s, sourceZh(), SHORT);
    expect(measure(r, 'invented_speakers')).toMatchObject({ value: 2, level: 'fail' });
    expect(issuesOf(r, 'invented_speakers')).toEqual([
      {
        measure: 'invented_speakers',
        level: 'warn',
        episode: 2,
        scene: 2,
        message: '"李四"既不在原文中，也不在人物表中',
      },
      {
        measure: 'invented_speakers',
        level: 'warn',
        episode: 2,
        scene: 3,
        message: '"赵五"在人物表中，但原文中从未出现',
      },
    ]);
  });

  it('quotes: a line that is nearly the source but not its words', () => {
    const s = goodScript();
    s.episodes[0]!.scenes[0]!.lines[2]!.text = '我是阿强，您是哪一位？';
    const r = assessScript(s, sourceZh(), SHORT);
    expect(measure(r, 'quotes').value).toBeCloseTo(5 / 6);
    expect(measure(r, 'quotes').level).toBe('warn');
    expect(issuesOf(r, 'quotes')).toEqual([
      {
        measure: 'quotes',
        level: 'warn',
        episode: 1,
        scene: 1,
        message: '台词与原文相近但并非原话："我是阿强，您是哪一位？"',
      },
    ]);
  });

  it('grounding: a scene of invented lines', () => {
    const s = goodScript();
    s.episodes[1]!.scenes[1]!.lines = [
      { type: 'action', text: '一辆黑色轿车停在门外，司机按了三下喇叭。' },
      { type: 'dialogue', character: '阿强', text: '今晚的月亮真圆，我们去海边看看吧。' },
      { type: 'dialogue', character: '王德明', text: '股票又跌了，公司明天就要破产。' },
      { type: 'action', text: '远处的钟楼敲响了十二下，乌鸦飞过屋顶。' },
    ];
    const r = assessScript(s, sourceZh(), SHORT);
    expect(measure(r, 'grounding').value).toBeCloseTo(12 / 16);
    expect(issuesOf(r, 'grounding')).toEqual([
      { measure: 'grounding', level: 'warn', episode: 2, scene: 2, message: '4 行中有 4 行在原文中找不到依据' },
    ]);
  });

  it('scenes: an episode of two scenes', () => {
    const s = goodScript();
    s.episodes[1]!.scenes.splice(1, 1);
    const r = assessScript(s, sourceZh(), SHORT);
    expect(measure(r, 'scenes')).toMatchObject({ value: 0.5, level: 'fail' });
    expect(issuesOf(r, 'scenes')).toEqual([
      { measure: 'scenes', level: 'warn', episode: 2, message: '本集 2 场，应为 3–5 场' },
    ]);
  });

  it('length: against the 1–3 minute norm (300–900 字) when no target is given', () => {
    const r = assessScript(goodScript(), sourceZh());
    expect(measure(r, 'length')).toMatchObject({ value: 0, level: 'fail' });
    expect(r.episodes.map((e) => [e.min, e.max])).toEqual([
      [300, 900],
      [300, 900],
    ]);
    expect(issuesOf(r, 'length')[0]?.message).toMatch(/^本集约 \d+ 字，应在 300–900 字（1–3 分钟）之间$/);
  });

  it('opening hook: an episode that opens on nothing', () => {
    const s = goodScript();
    s.episodes[0]!.scenes[0]!.lines = [{ type: 'action', text: '阿强推开院门，看见槐树下站着一个陌生的老人。' }];
    const r = assessScript(s, sourceZh(), SHORT);
    expect(measure(r, 'opening_hook')).toMatchObject({ value: 0.5, level: 'warn' });
    expect(issuesOf(r, 'opening_hook')).toEqual([
      {
        measure: 'opening_hook',
        level: 'warn',
        episode: 1,
        scene: 1,
        message: '开场没有钩子：前几行没有冲突、悬念或承接上一集卡点',
      },
    ]);
  });

  it('opening hook: picking up the previous 卡点 counts', () => {
    const s = goodScript();
    s.episodes[1]!.scenes[0]!.lines[1]!.text = '你父亲欠我的，今天该还了。'; // no ！ left
    expect(issuesOf(assessScript(s, sourceZh(), SHORT), 'opening_hook')).toHaveLength(1);
    s.episodes[1]!.scenes[0]!.lines.unshift({ type: 'action', text: '楼上传来一阵沉重的脚步声。' });
    expect(issuesOf(assessScript(s, sourceZh(), SHORT), 'opening_hook')).toHaveLength(0);
  });

  it('cliffhanger: an empty 卡点 fails; one the last scene never stages warns', () => {
    const s = goodScript();
    s.episodes[0]!.hook = '';
    s.episodes[1]!.hook = '王德明：你父亲欠我的，今天该还了！'; // staged, but in scene 1
    const r = assessScript(s, sourceZh(), SHORT);
    expect(measure(r, 'cliffhanger')).toMatchObject({ value: 0, level: 'fail' });
    expect(issuesOf(r, 'cliffhanger')).toEqual([
      { measure: 'cliffhanger', level: 'fail', episode: 1, message: '没有【卡点】' },
      {
        measure: 'cliffhanger',
        level: 'warn',
        episode: 2,
        scene: 3,
        message: '【卡点】"你父亲欠我的，今天该还了！"没有在最后一场中演出',
      },
    ]);
  });

  it('quotes: a quotation cut with … is still verbatim', () => {
    const s = goodScript();
    s.episodes[1]!.scenes[0]!.lines[1]!.text = '你父亲欠我的，今天该…';
    expect(measure(assessScript(s, sourceZh(), SHORT), 'quotes').value).toBe(1);
  });

  it('cliffhanger: a 卡点 written as a cue is matched by its words', () => {
    const s = goodScript();
    s.episodes[1]!.scenes[2]!.lines.push({ type: 'dialogue', character: '阿强', text: '信上写的，我都知道了。' });
    s.episodes[1]!.hook = '阿强：“信上写的，我都知道了。”';
    expect(issuesOf(assessScript(s, sourceZh(), SHORT), 'cliffhanger')).toEqual([]);
  });

  it('duplicates: an episode padded by copying the last one', () => {
    const s = goodScript();
    const copy = structuredClone(s.episodes[1]!);
    s.episodes.push({ ...copy, number: 3 });
    const r = assessScript(s, sourceZh(), SHORT);
    expect(measure(r, 'duplicates')).toMatchObject({ value: 1, level: 'fail' });
    expect(issuesOf(r, 'duplicates').map((i) => [i.level, i.episode, i.message])).toEqual([
      ['fail', 3, '与第2集高度相似（100%）'],
      ['warn', 3, '与第2集标题相同'],
      ['warn', 3, '与第2集卡点相同'],
    ]);
  });

  it('language: an episode written in English fails; an English scene warns', () => {
    const s = goodScript();
    s.episodes[0]!.scenes[2]!.lines = [{ type: 'action', text: 'Aqiang finds the old house sealed with faded paper.' }];
    const r = assessScript(s, sourceZh(), SHORT);
    expect(measure(r, 'language')).toMatchObject({ value: 5 / 6, level: 'fail' });
    expect(issuesOf(r, 'language')).toEqual([
      { measure: 'language', level: 'warn', episode: 1, scene: 3, message: '本场混用了另一种语言' },
    ]);
    for (const sc of s.episodes[1]!.scenes)
      sc.lines = [{ type: 'action', text: 'The uncle comes down the stairs with a lamp and a strange smile.' }];
    s.episodes[1]!.title = 'Fire';
    const all = assessScript(s, sourceZh(), SHORT);
    expect(issuesOf(all, 'language').map((i) => [i.level, i.episode, i.scene])).toEqual([
      ['fail', 2, undefined],
      ['warn', 1, 3],
    ]);
    expect(measure(all, 'language').level).toBe('fail');
  });
});

describe('footnotes and the narrator', () => {
  const noted = () => ({
    ...sourceZh(),
    notes: [
      { marker: '①', text: '①槐树：落叶乔木，旧时人们常以门前的槐树指代故乡。', chapter: 1, kind: 'footnote' as const },
    ],
  });

  it('a line taken from a footnote is not grounded in the story, and is named', () => {
    const s = goodScript();
    s.episodes[0]!.scenes[1]!.lines.push({ type: 'action', text: '旧时人们常以门前的槐树指代故乡。' });
    const r = assessScript(s, noted(), SHORT);
    expect(issuesOf(r, 'grounding')).toEqual([
      {
        measure: 'grounding',
        level: 'warn',
        episode: 1,
        scene: 2,
        message: '这一行取自原文的注释，不是故事："旧时人们常以门前的槐树指代故乡。"',
      },
    ]);
    expect(measure(r, 'grounding').summary).toBe('15 行中 14 行能在原文中找到依据');
  });

  it('the first-person narrator, named by the text preparation, is no invented speaker', () => {
    const s = goodScript();
    s.characters.push({ name: '林满', aliases: ['我'], role: 'protagonist', description: '叙述者' });
    s.episodes[0]!.scenes[1]!.lines.push({ type: 'os', character: '林满', text: '那封信改变了一切。' });
    expect(issuesOf(assessScript(s, sourceZh(), SHORT), 'invented_speakers')).toHaveLength(0); // 我 is in the text
    s.characters.at(-1)!.aliases = [];
    expect(issuesOf(assessScript(s, sourceZh(), SHORT), 'invented_speakers')).toHaveLength(1);
    expect(issuesOf(assessScript(s, { ...sourceZh(), narrator: '林满' }, SHORT), 'invented_speakers')).toHaveLength(0);
  });
});

describe('English: word overlap', () => {
  const novel = `CHAPTER I. The Door

Tom opened the green door and found a narrow staircase going down into the dark.
"Is anybody there?" Tom called, holding the candle high.
A voice answered from below, "Come down slowly, and mind the seventh step."

CHAPTER II. The Cellar

The cellar was full of old barrels, and behind them sat a tired woman named Martha.
"You took your time," said Martha, without looking up from her knitting.
Tom set the candle on a barrel and asked her why she had written to him.
`;
  const source = { text: novel, chapters: splitChapters(novel, 'en'), language: 'en' as const };
  const script = (): ScriptResult => ({
    ...goodScript(),
    title: 'The Door',
    language: 'en',
    characters: [
      { name: 'Tom', aliases: [], role: 'protagonist', description: '' },
      { name: 'Martha', aliases: [], role: 'supporting', description: '' },
    ],
    episodes: [
      {
        number: 1,
        title: 'The Door',
        summary: '',
        hook: 'Martha: You took your time.',
        chapters: [1, 2],
        scenes: [
          {
            number: 1,
            location: 'Staircase',
            time: '夜',
            interior: '内',
            characters: ['Tom'],
            lines: [
              { type: 'action', text: 'Tom opened the green door and found a narrow staircase going down.' },
              { type: 'dialogue', character: 'Tom', text: 'Is anybody there?' },
            ],
          },
          {
            number: 2,
            location: 'Stairs',
            time: '夜',
            interior: '内',
            characters: ['Tom'],
            lines: [
              {
                type: 'vo',
                character: 'Narrator',
                text: 'A voice answered: come down slowly, and mind the seventh step.',
              },
            ],
          },
          {
            number: 3,
            location: 'Cellar',
            time: '夜',
            interior: '内',
            characters: ['Tom', 'Martha'],
            lines: [
              { type: 'action', text: 'Behind the old barrels sat a tired woman, knitting.' },
              { type: 'dialogue', character: 'Martha', text: 'You took your time.' },
            ],
          },
        ],
      },
    ],
  });

  it('quotes, grounding and coverage work on words; a narrator voice is not a speaker', () => {
    const r = assessScript(script(), source, { episodeLength: 40 });
    expect(r.issues).toEqual([]); // the hook "Martha: You took your time." is matched by its words
    const twoWords = script();
    twoWords.characters[1]!.name = 'Martha Lee Stone';
    twoWords.episodes[0]!.scenes[2]!.lines[1]!.character = 'Martha Lee Stone';
    twoWords.episodes[0]!.hook = 'Martha Lee Stone: “You took your time.”';
    expect(issuesOf(assessScript(twoWords, source, { episodeLength: 40 }), 'cliffhanger')).toEqual([]);
    expect(measure(r, 'attribution').summary).toBe('2 of 2 spoken lines are given to a cast member');
    expect(measure(r, 'quotes').summary).toBe('2 of 2 lines quoting the source are word for word');
    expect(r.chapters.map((c) => c.covered)).toEqual([1, 1]);
  });

  it('a changed word in a quotation is a misquote; a Chinese scene in an English script is flagged', () => {
    const s = script();
    s.episodes[0]!.scenes[2]!.lines[1]!.text = 'You took your sweet time.';
    s.episodes[0]!.scenes[1]!.lines = [{ type: 'action', text: '一个声音从下面传来，叫他慢慢下来，小心第七级台阶。' }];
    const r = assessScript(s, source, { episodeLength: 40 });
    expect(issuesOf(r, 'quotes').map((i) => [i.episode, i.scene])).toEqual([[1, 3]]);
    expect(issuesOf(r, 'language').map((i) => [i.level, i.episode, i.scene])).toEqual([['warn', 1, 2]]);
  });

  it('a script in another language than its source skips the source measures and says so', () => {
    const r = assessScript(goodScript(), source, SHORT);
    expect(r.measures.map((m) => m.key)).not.toContain('coverage');
    expect(r.measures.map((m) => m.key)).not.toContain('quotes');
    expect(r.notes).toEqual(['剧本语言与原文不同，覆盖率、引文和依据三项无法按原文核对']);
  });
});

describe('checkEpisode for the LLM critic', () => {
  it('names the events of its beat sheet that the episode does not stage', () => {
    const s = goodScript();
    const src = sourceZh();
    const ctx = {
      language: 'zh' as const,
      cast: s.characters,
      source: indexSource(src),
      range: { min: 50, max: 150, target: 100 },
      events: ['老人把信塞进阿强手里后消失', '王德明的煤油灯点燃了旧宅'],
    };
    expect(checkEpisode(s.episodes[0]!, ctx)).toEqual([
      {
        measure: 'coverage',
        level: 'warn',
        episode: 1,
        message: '本集应演出的事件没有出现："王德明的煤油灯点燃了旧宅"',
      },
    ]);
  });
});

describe('hostile text', () => {
  it('NUL, lone surrogates and emoji at cut points never break a message or the report', () => {
    const s = goodScript();
    const emojiAtCut = `${'旧'.repeat(39)}😀😀 尾巴`;
    s.episodes[0]!.hook = `\u0000${emojiAtCut}\ud800`;
    s.episodes[1]!.scenes[1]!.lines.push({
      type: 'dialogue',
      character: `李\u0000四\udc00😀`,
      text: `${emojiAtCut}\ud83d`,
    });
    const r = assessScript(s, sourceZh(), SHORT);
    const json = JSON.stringify(r);
    expect(json).not.toMatch(/\\u0000|\\ud[89ab][0-9a-f]{2}(?!\\udc)|(?<!\\ud[89ab][0-9a-f]{2})\\udc/i);
    expect(json.includes('\u0000')).toBe(false);
    for (const i of r.issues) expect(i.message.isWellFormed()).toBe(true);
    const hook = r.issues.find((i) => i.measure === 'cliffhanger');
    expect(hook?.message).toContain(`${'旧'.repeat(39)}😀…`);
    expect(ScriptResult.parse({ ...s, quality: r }).quality).toEqual(r);
  });

  it('a result stored before the report existed still parses', () => {
    const s = goodScript();
    expect(ScriptResult.parse(s).quality).toBeUndefined();
  });
});
