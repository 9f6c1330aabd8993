import { describe, expect, it } from 'vitest';
import { Episode } from '../schema';
import { type Chapter, splitChapters } from '../text/chapters';
import { sourceUnits } from '../text/text';
import { findCharacters } from './characters';
import { layoutEpisodes } from './layout';
import { apportion, defaultEpisodeCount, partition, planEpisodes } from './plan';
import { ALICE, AQ } from './test-support';

const aqChapters = splitChapters(AQ(), 'zh');
const aqCast = findCharacters(aqChapters, 'zh');

function expectWellFormed(episodes: Episode[], chapters: readonly Chapter[], count?: number) {
  if (count !== undefined) expect(episodes).toHaveLength(count);
  expect(episodes.map((e) => e.number)).toEqual(episodes.map((_, i) => i + 1));
  const covered = new Set(episodes.flatMap((e) => e.chapters));
  for (const c of chapters) expect(covered.has(c.number), `chapter ${c.number}`).toBe(true);
  for (const e of episodes) {
    expect(Episode.safeParse(e).success).toBe(true);
    expect(e.chapters.length).toBeGreaterThan(0);
    expect(e.scenes.length).toBeGreaterThanOrEqual(1);
    expect(e.scenes.length).toBeLessThanOrEqual(5);
    expect(e.scenes.map((s) => s.number)).toEqual(e.scenes.map((_, i) => i + 1));
    for (const s of e.scenes) expect(s.lines.some((l) => l.type !== 'transition')).toBe(true);
  }
  // chapters appear in order: an episode never goes back
  const firsts = episodes.map((e) => Math.min(...e.chapters));
  expect([...firsts].sort((a, b) => a - b)).toEqual(firsts);
}

describe('partition and apportion', () => {
  it('splits into exactly k contiguous non-empty groups', () => {
    for (const k of [1, 2, 3, 5, 7]) {
      const groups = partition([5, 1, 1, 1, 8, 2, 2], k);
      expect(groups).toHaveLength(k);
      expect(groups.flat()).toEqual([0, 1, 2, 3, 4, 5, 6]);
      for (const g of groups) expect(g.length).toBeGreaterThan(0);
    }
    expect(partition([10, 10, 10, 10], 2)).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('shares seats by weight with at least one each and within caps', () => {
    expect(apportion([100, 100, 200], [10, 10, 10], 8)).toEqual([2, 2, 4]);
    expect(apportion([100, 1], [1, 10], 5)).toEqual([1, 4]);
  });

  it('derives the episode count from the length, within 3..60', () => {
    expect(defaultEpisodeCount(100)).toBe(3);
    expect(defaultEpisodeCount(21_000)).toBe(11);
    expect(defaultEpisodeCount(10_000_000)).toBe(60);
  });
});

describe('layoutEpisodes (阿Q正传)', () => {
  for (const count of [1, 5, 9, 20]) {
    it(`makes exactly ${count} episode(s) when asked, covering all 9 chapters`, () => {
      const episodes = layoutEpisodes(aqChapters, aqCast, { language: 'zh', episodes: count });
      expectWellFormed(episodes, aqChapters, count);
    });
  }

  it('groups chapters when there are fewer episodes, and splits them when there are more', () => {
    const five = planEpisodes(aqChapters, 'zh', 5);
    expect(five.flatMap((p) => p.chapters)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const twenty = planEpisodes(aqChapters, 'zh', 20);
    expect(new Set(twenty.flatMap((p) => p.chapters)).size).toBe(9);
    expect(twenty.every((p) => p.chapters.length === 1 && !p.repeated)).toBe(true);
    const nine = planEpisodes(aqChapters, 'zh', 9);
    expect(nine.map((p) => p.chapters)).toEqual([[1], [2], [3], [4], [5], [6], [7], [8], [9]]);
  });

  it('derives the count from the length when none is asked (~2000 characters an episode)', () => {
    const episodes = layoutEpisodes(aqChapters, aqCast, { language: 'zh' });
    expectWellFormed(episodes, aqChapters);
    expect(episodes.length).toBeGreaterThanOrEqual(9);
    expect(episodes.length).toBeLessThanOrEqual(14);
  });

  it('fills scenes with headings, characters, lines, and episodes with title, summary and hook', () => {
    const episodes = layoutEpisodes(aqChapters, aqCast, { language: 'zh', episodes: 9 });
    const third = episodes[2] as Episode;
    expect(third.title).toBe('续优胜记略');
    expect(third.scenes.length).toBeGreaterThanOrEqual(3);
    expect(third.summary.startsWith('然而阿Q虽然常优胜')).toBe(true);
    expect(third.hook.length).toBeGreaterThan(0);
    const all = episodes.flatMap((e) => e.scenes);
    expect(all.some((s) => s.location === '土谷祠')).toBe(true);
    expect(all.some((s) => s.location === '酒店')).toBe(true);
    expect(all.some((s) => s.time === '夜')).toBe(true);
    expect(all.some((s) => s.interior === '外')).toBe(true);
    expect(all.some((s) => s.characters.includes('王胡'))).toBe(true);
    const lines = all.flatMap((s) => s.lines);
    expect(lines.some((l) => l.type === 'dialogue' && l.character === '王胡')).toBe(true);
    expect(lines.some((l) => l.type === 'os' && l.character === '阿Q')).toBe(true);
    expect(lines.some((l) => l.type === 'transition')).toBe(true);
    for (const l of lines.filter((x) => x.type === 'action')) expect(l.text.length).toBeLessThanOrEqual(61);
    // a split chapter is titled with its part
    const split = layoutEpisodes(aqChapters, aqCast, { language: 'zh', episodes: 20 });
    expect(split.some((e) => /（\d\/\d）$/.test(e.title))).toBe(true);
  });

  it('condenses narration before dialogue to hold episodes inside 1–3 minutes', () => {
    const units = (e: Episode) => e.scenes.flatMap((s) => s.lines).reduce((n, l) => n + sourceUnits(l.text, 'zh'), 0);
    const count = (es: Episode[], type: string) =>
      es.flatMap((e) => e.scenes.flatMap((s) => s.lines)).filter((l) => l.type === type).length;
    const long = layoutEpisodes(aqChapters, aqCast, { language: 'zh', episodeLength: 900 });
    const short = layoutEpisodes(aqChapters, aqCast, { language: 'zh', episodeLength: 300 });
    for (const e of long) expect(units(e), `episode ${e.number}`).toBeLessThanOrEqual(900);
    // the shorter target costs narration first: most of the dialogue stays
    const actions = count(short, 'action') / count(long, 'action');
    const dialogue = count(short, 'dialogue') / count(long, 'dialogue');
    expect(actions).toBeLessThan(dialogue);
    expect(dialogue).toBeGreaterThan(0.5);
  });
});

describe('layoutEpisodes (Alice and short texts)', () => {
  it('lays out Alice with English scene headings', () => {
    const chapters = splitChapters(ALICE(), 'en');
    const episodes = layoutEpisodes(chapters, findCharacters(chapters, 'en'), { language: 'en', episodes: 12 });
    expectWellFormed(episodes, chapters, 12);
    expect(episodes[0]?.title).toBe('Down the Rabbit-Hole');
    const locations = new Set(episodes.flatMap((e) => e.scenes.map((s) => s.location)));
    for (const place of ['Rabbit-Hole', 'Garden', 'Courtroom', 'Tea-Party'])
      expect(locations.has(place), place).toBe(true);
    expect(episodes[6]?.scenes.some((s) => s.characters.includes('Hatter'))).toBe(true);
  });

  it('still makes exactly the requested count from a text far too short for it', () => {
    const chapters = splitChapters('他来了。她走了。\n天黑了。', 'zh');
    const episodes = layoutEpisodes(chapters, [], { language: 'zh', episodes: 5 });
    expectWellFormed(episodes, chapters, 5);
    expect(planEpisodes(chapters, 'zh', 5).filter((p) => p.repeated)).toHaveLength(2);
  });

  it('makes one episode of one line from a one-line text when no count is asked', () => {
    const chapters = splitChapters('Just one line.', 'en');
    const episodes = layoutEpisodes(chapters, [], { language: 'en' });
    expectWellFormed(episodes, chapters, 1);
    expect(episodes[0]?.scenes[0]?.lines[0]).toEqual({ type: 'action', text: 'Just one line.' });
  });
});
