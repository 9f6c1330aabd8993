import { describe, expect, it } from 'vitest';
import { ALICE, AQ } from '../offline/test-support';
import { splitChapters } from './chapters';

describe('splitChapters', () => {
  it('finds the 9 chapters of 阿Q正传, including the heading with no space (第九章大团圆)', () => {
    const chapters = splitChapters(AQ());
    expect(chapters.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(chapters.map((c) => c.title)).toEqual([
      '序',
      '优胜记略',
      '续优胜记略',
      '恋爱的悲剧',
      '生计问题',
      '从中兴到末路',
      '革命',
      '不准革命',
      '大团圆',
    ]);
    expect(chapters[8]?.heading).toBe('第九章');
    expect(chapters[0]?.text.startsWith('我要给阿Q做正传')).toBe(true);
    expect(chapters[8]?.text.startsWith('赵家遭抢之后')).toBe(true);
  });

  it('gives offsets into the input that cover heading and body', () => {
    const text = AQ();
    const chapters = splitChapters(text);
    expect(chapters[0]?.start).toBe(0);
    expect(chapters[8]?.end).toBe(text.length);
    for (const c of chapters) {
      expect(text.slice(c.start, c.end)).toContain(c.text);
      expect(text.slice(c.start, c.end).trimStart().startsWith(c.heading)).toBe(true);
    }
    expect(chapters.slice(1).map((c) => c.start)).toEqual(chapters.slice(0, -1).map((c) => c.end));
  });

  it('skips the table of contents of Alice and finds its 12 chapters with their titles', () => {
    const chapters = splitChapters(ALICE());
    expect(chapters).toHaveLength(12);
    expect(chapters[0]).toMatchObject({ number: 1, heading: 'CHAPTER I.', title: 'Down the Rabbit-Hole' });
    expect(chapters[3]?.title).toBe('The Rabbit Sends in a Little Bill');
    expect(chapters[10]?.title).toBe('Who Stole the Tarts?');
    expect(chapters[11]).toMatchObject({ number: 12, heading: 'CHAPTER XII.', title: 'Alice’s Evidence' });
    expect(chapters[0]?.text.startsWith('Alice was beginning to get very tired')).toBe(true);
    // the TOC lines are in no chapter
    for (const c of chapters) expect(c.text).not.toContain('CHAPTER II.    The Pool of Tears');
  });

  it('reads Arabic numerals, titles on the same line and Chapter N headings', () => {
    const zh = splitChapters('第1章 开端\n他来了，带着一把伞。\n\n第2章：结局\n她走了，没有回头。\n');
    expect(zh.map((c) => [c.number, c.heading, c.title, c.text])).toEqual([
      [1, '第1章', '开端', '他来了，带着一把伞。'],
      [2, '第2章', '结局', '她走了，没有回头。'],
    ]);
    const en = splitChapters(
      'Chapter 1\n\nIt was a dark night and the wind was cold.\n\nChapter 2 The Morning\n\nThe sun came up over the hill.\n',
    );
    expect(en.map((c) => [c.heading, c.title])).toEqual([
      ['Chapter 1', 'Chapter 1'],
      ['Chapter 2', 'The Morning'],
    ]);
    expect(en[0]?.text).toBe('It was a dark night and the wind was cold.');
  });

  it('reads centred Chinese numerals alone on a line', () => {
    const text = '　　一\n\n他来了。天很黑。\n\n  二  \n\n她走了。天亮了。\n\n三\n\n大家都散了。';
    const chapters = splitChapters(text);
    expect(chapters.map((c) => [c.heading, c.text])).toEqual([
      ['一', '他来了。天很黑。'],
      ['二', '她走了。天亮了。'],
      ['三', '大家都散了。'],
    ]);
  });

  it('drops a Chinese table of contents', () => {
    const body = '阿明走进屋子，看见桌上放着一封信。他拆开来看，脸色变了。'.repeat(20);
    const text = `目录\n第一章　相遇\n第二章　别离\n\n第一章　相遇\n${body}\n第二章　别离\n${body}\n`;
    const chapters = splitChapters(text);
    expect(chapters.map((c) => c.title)).toEqual(['相遇', '别离']);
    expect(chapters[0]?.text.startsWith('阿明走进屋子')).toBe(true);
  });

  it('falls back to ~3000-character blocks when there is no heading', () => {
    const paragraph = 'The road ran on past the mill and the river, and nobody walked on it any more. ';
    const text = Array.from({ length: 40 }, () => paragraph.repeat(3)).join('\n\n');
    const chapters = splitChapters(text);
    expect(chapters.length).toBeGreaterThanOrEqual(3);
    expect(chapters.map((c) => c.title)).toEqual(chapters.map((_, i) => `Part ${i + 1}`));
    for (const c of chapters.slice(0, -1)) expect(c.text.length).toBeGreaterThanOrEqual(2500);
    for (const c of chapters) expect(c.text.length).toBeLessThan(4500);
    const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
    expect(squash(chapters.map((c) => c.text).join(' '))).toBe(squash(text));
  });

  it('falls back on Chinese text with one paragraph per line and no blank lines', () => {
    const text = Array.from({ length: 300 }, (_, i) => `    第${i}段：他走在路上，想着昨天的事情，心里很不安。`).join(
      '\n',
    );
    const chapters = splitChapters(text, 'zh');
    expect(chapters.length).toBeGreaterThanOrEqual(3);
    expect(chapters[0]?.title).toBe('第1部分');
    for (const c of chapters) expect(c.text.length).toBeLessThan(4500);
    expect(chapters.reduce((s, c) => s + c.text.length, 0)).toBeGreaterThan(text.length * 0.9);
  });

  it('never returns nothing', () => {
    expect(splitChapters('')).toHaveLength(1);
    expect(splitChapters('Just one line.')).toMatchObject([{ number: 1, text: 'Just one line.' }]);
  });
});
