// Budgets: a 300-chapter novel is planned and written within an 8k and a 16k context, and what is
// left out is chosen by importance, not by position.
import { describe, expect, it } from 'vitest';
import { capsFor } from '../../llm/catalog';
import { estimateTokens } from '../../llm/tokens';
import { UsageMeter } from '../../llm/usage';
import { fakeContext } from '../offline/test-support';
import { promptsFor } from '../prompts';
import { planArcs, seasonRoles } from './arcs';
import { emptyBible, growBible } from './bible';
import { chunkTokens, keepWithin, notesOutput } from './budget';
import type { ChapterBook, Event } from './notes';
import { planInput, planOutput } from './plan';
import type { Run } from './run';
import type { BeatSheet } from './schemas';
import { cutText, makeChunks, readSource } from './source';
import { episodeInput } from './write';

const model = (context: number, max_output: number) => ({
  name: 'm',
  ...capsFor('m', { m: { structured: 'json_schema', context, max_output } }),
});

function novel(chapters: number) {
  const books: ChapterBook[] = [];
  const paras: { id: number; chapter: number; text: string }[] = [];
  for (let n = 1; n <= chapters; n++) {
    const events: Event[] = Array.from({ length: 10 }, (_, k) => {
      const id = paras.length + 1;
      paras.push({
        id,
        chapter: n,
        text: `第${n}章第${k + 1}段。阿Q在未庄遇到了赵太爷，两人争吵起来，阿Q被打了一个嘴巴，心里却想着儿子打老子。`.repeat(
          3,
        ),
      });
      return {
        id: `${n}.${k + 1}`,
        chapter: n,
        text: `第${n}章的事件${k + 1}：阿Q与赵太爷在未庄的酒店门口争执`,
        importance: ((n * 7 + k * 3) % 5) + 1,
        who: ['阿Q', '赵太爷'],
        place: '未庄',
        paras: [id],
        causes: k > 0 ? [`${n}.${k}`] : [],
      };
    });
    books.push({
      number: n,
      title: `第${n}章`,
      events,
      quotes: [],
      changes: [{ character: '阿Q', change: '更糊涂了' }],
    });
  }
  return { books, paras };
}

function fakeRun(context: number, max_output: number, paras: Run['source']['paras'], books: ChapterBook[]): Run {
  const m = model(context, max_output);
  return {
    title: '阿Q正传',
    session: { model: m } as Run['session'],
    prompts: promptsFor('zh'),
    output: 'zh',
    ctx: fakeContext(),
    meter: new UsageMeter(m.price),
    stageMeter: () => new UsageMeter(m.price),
    progress: {} as Run['progress'],
    slots: {} as Run['slots'],
    source: { language: 'zh', chapters: [], paras },
    annotations: [],
    books: new Map(books.map((b) => [b.number, b])),
    noteStats: { droppedQuotes: 0, unanchoredEvents: 0 },
    episodeLength: 900,
    review: true,
    warnings: [],
    warn: () => undefined,
  };
}

describe('token budgets', () => {
  it.each([
    [8192, 4096],
    [16_000, 4096],
  ])('a 300-chapter novel: every plan and episode prompt fits a %i context', (context, maxOut) => {
    const { books, paras } = novel(300);
    const run = fakeRun(context, maxOut, paras, books);
    for (const count of [10, 60]) {
      const arcs = planArcs(
        books.map((b) => ({ number: b.number, units: 3000 })),
        count,
      );
      const roles = seasonRoles(arcs, count);
      let bible = emptyBible();
      for (let i = 0; i < 30; i++)
        bible = growBible(
          bible,
          {
            logline: '',
            characters: [
              {
                name: `人物${i}`,
                aliases: [],
                role: 'minor',
                description: '未庄的一个人，性格很复杂，常常出现在酒店门口'.repeat(2),
                goal: '活下去',
                arc: '',
                relationships: [],
                speech: '短句',
                visual: '破毡帽',
              },
            ],
            locations: [{ name: `地点${i}`, description: '一个地方' }],
          },
          () => true,
        ).bible;
      for (const arc of arcs) {
        const mine = books.filter((b) => arc.chapters.includes(b.number));
        const events = mine.flatMap((b) => b.events);
        const from = arc.episodes[0] ?? 1;
        const to = arc.episodes[arc.episodes.length - 1] ?? 1;
        const r = { arc, from, to, books: mine, events, bible, previous: undefined, roles, total: count };
        const { input, output, kept, dropped } = planInput(run, r);
        const prompt = run.prompts.plan(input);
        expect(estimateTokens(prompt.system + prompt.user) + Math.min(output, maxOut)).toBeLessThanOrEqual(context);
        expect(output).toBe(planOutput(to - from + 1));
        if (dropped > 0) {
          // importance decides: nothing dropped is more important than anything kept
          const keptMin = Math.min(...events.filter((e) => kept.has(e.id)).map((e) => e.importance));
          const droppedMax = Math.max(...events.filter((e) => !kept.has(e.id)).map((e) => e.importance));
          expect(droppedMax).toBeLessThanOrEqual(keptMin);
          // and not position: the last chapters keep their important events too
          expect(events.slice(-20).some((e) => kept.has(e.id))).toBe(true);
        }
      }
    }
    const byId = new Map(books.flatMap((b) => b.events.map((e) => [e.id, e] as const)));
    const sheet: BeatSheet = {
      number: 1,
      title: '开场',
      summary: '阿Q被打',
      opening: '一个嘴巴',
      conflict: '争吵',
      payoff: '精神胜利',
      events: books.slice(0, 3).flatMap((b) => b.events.map((e) => e.id)),
      scenes: [1, 2, 3].map((k) => ({
        place: '未庄',
        time: '日' as const,
        interior: '外' as const,
        characters: ['阿Q'],
        events: books[k]?.events.map((e) => e.id) ?? [],
        beat: '阿Q挨打',
      })),
      hook: '他要报仇',
    };
    const { input, output } = episodeInput(
      run,
      { sheet, prev: sheet, next: sheet.opening, role: 'opening', total: 10 },
      byId,
      emptyBible(),
    );
    const prompt = run.prompts.episode(input);
    expect(estimateTokens(prompt.system + prompt.user) + output).toBeLessThanOrEqual(context);
    expect(input.source.length).toBeGreaterThan(0);
  });

  it('reading chunks and their notes fit the context; the first chunk is small', () => {
    const { paras } = novel(300);
    const text = paras
      .map((p) => `${p.chapter === paras[p.id - 2]?.chapter ? '' : `第${p.chapter}章\n`}${p.text}`)
      .join('\n');
    for (const [context, maxOut] of [
      [8192, 4096],
      [16_000, 4096],
    ] as const) {
      const m = model(context, maxOut);
      const max = chunkTokens(m);
      const half = Math.floor(text.length / 2);
      const src = readSource(
        [
          { number: 1, title: '上', heading: '', text: text.slice(0, half), start: 0, end: half },
          { number: 2, title: '下', heading: '', text: text.slice(half), start: half, end: text.length },
        ],
        'zh',
      );
      const chunks = makeChunks(
        src,
        [
          { chapters: [1], maxTokens: 2500 },
          { chapters: [2], maxTokens: max },
        ],
        's',
      );
      expect(chunks[0]?.tokens).toBeLessThanOrEqual(2600);
      for (const c of chunks) {
        const p = promptsFor('zh').notes({ text: c.text, index: 1, total: 1, alone: false });
        expect(estimateTokens(p.system + p.user) + notesOutput(m, c.tokens)).toBeLessThanOrEqual(context);
      }
    }
  });

  it('keepWithin drops the least important first, then the ones fewest events depend on', () => {
    const items = [
      { importance: 5, tokens: 10 },
      { importance: 1, tokens: 10, dependents: 2 },
      { importance: 1, tokens: 10, dependents: 0 },
      { importance: 3, tokens: 10 },
    ];
    expect(keepWithin(items, 30)).toEqual({ kept: [0, 1, 3], dropped: 1 });
    expect(keepWithin(items, 20)).toEqual({ kept: [0, 3], dropped: 2 });
  });

  it('cutting never splits an emoji, and NUL or lone surrogates pass through unchanged', () => {
    const text = `${'阿Q😀'.repeat(400)}\u0000\ud800${'x'.repeat(50)}`;
    const parts = cutText(text, 97);
    expect(parts.join('')).toBe(text);
    for (const p of parts.slice(0, -1)) expect(/[\ud800-\udbff]$/.test(p)).toBe(false);
  });
});
