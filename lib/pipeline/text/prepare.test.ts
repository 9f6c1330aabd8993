import { describe, expect, it } from 'vitest';
import { ALICE, AQ, LIGHTHOUSE, QINGSHI } from '../offline/test-support';
import { accountedText, prepareText } from './prepare';

/** Visible characters (code points, whitespace dropped), sorted: a multiset to compare. */
const visible = (s: string): string[] => Array.from(s.replace(/\s+/g, '')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe('prepareText: front matter', () => {
  it('keeps a short zh preface as a prologue chapter and sets the title page aside', () => {
    const p = prepareText(QINGSHI());
    expect(p.language).toBe('zh');
    expect(p.chapters[0]).toMatchObject({ number: 1, kind: 'prologue', title: '前言' });
    expect(p.chapters[0]?.text.startsWith('这篇东西写的是我二十岁那年夏天的事')).toBe(true);
    expect(p.chapters.map((c) => c.title)).toEqual(['前言', '一', '二', '三', '四', '五', '六', '七']);
    expect(p.setAside.find((s) => s.kind === 'front_matter')).toMatchObject({ excerpt: '青石镇的船 林满 著' });
  });

  it('keeps an en preface and finds sections numbered I, II, III', () => {
    const p = prepareText(LIGHTHOUSE());
    expect(p.chapters.map((c) => [c.kind ?? 'chapter', c.title])).toEqual([
      ['prologue', 'PREFACE'],
      ['chapter', 'I'],
      ['chapter', 'II'],
      ['chapter', 'III'],
      ['chapter', 'IV'],
      ['chapter', 'V'],
    ]);
  });

  it('turns prose before the first heading into a prologue even without a heading of its own', () => {
    const text =
      '旧书\n\n那一年我刚满十岁，父亲把一本旧书交给我，说等我长大了再看。\n\n第一章　开头\n他来了，带着一把伞，站在门口不说话。\n';
    const p = prepareText(text);
    expect(p.chapters.map((c) => [c.kind, c.title])).toEqual([
      ['prologue', '序章'],
      [undefined, '开头'],
    ]);
    expect(p.setAside).toMatchObject([{ kind: 'front_matter', chars: 2, excerpt: '旧书' }]);
  });

  it('sets a table of contents aside and keeps Alice’s 12 chapters', () => {
    const p = prepareText(ALICE());
    expect(p.chapters).toHaveLength(12);
    expect(p.chapters[0]?.text.startsWith('Alice was beginning')).toBe(true);
    const toc = p.setAside.find((s) => s.kind === 'toc');
    expect(toc?.text).toContain('CHAPTER XII.   Alice’s Evidence');
    expect(p.setAside.find((s) => s.kind === 'front_matter')?.text).toContain('by Lewis Carroll');
    for (const c of p.chapters) expect(c.text).not.toContain('CHAPTER II.    The Pool of Tears');
    // the closing "THE END" is a mark, set aside; the story ends on its last sentence
    expect(p.chapters[11]?.text.endsWith('the happy summer\ndays.')).toBe(true);
    expect(p.setAside.find((s) => s.kind === 'end_mark')).toMatchObject({ chars: 6, excerpt: 'THE END' });
  });

  it('keeps the closing line, however short, as its own last section', () => {
    const body = '我走过那座桥，河水很急，桥下有人在喊我的名字，我没有回头。'.repeat(6);
    const text = `一\n\n${body}\n\n二\n\n${body}\n\n三\n\n完了。\n`;
    const p = prepareText(text);
    expect(p.chapters.map((c) => c.text.length > 0)).toEqual([true, true, true]);
    expect(p.chapters[2]?.text).toBe('完了。');
    const q = prepareText(QINGSHI());
    expect(q.chapters[q.chapters.length - 1]?.text).toBe('那年秋天，我回了城，再也没有回过青石镇。');
    const l = prepareText(LIGHTHOUSE());
    expect(l.chapters[l.chapters.length - 1]?.text.endsWith('I never went back.')).toBe(true);
  });
});

describe('prepareText: notes', () => {
  it('moves a 注释 section and ① markers out of the story into notes of the chapter that has them', () => {
    const p = prepareText(QINGSHI());
    const story = p.chapters.map((c) => c.text).join('\n');
    expect(story).not.toMatch(/[①②③]|注释|船契：旧时/);
    expect(p.notes.filter((n) => n.kind === 'footnote').map((n) => n.marker)).toEqual(['①', '②', '③']);
    expect(p.notes.find((n) => n.marker === '②')?.text).toBe(
      '②走水：镇上的土话，失火的意思。旧时人家忌讳说“火”字，便说“走水”。',
    );
    const inline = p.notes.find((n) => n.kind === 'annotation');
    expect(inline?.text).toBe('（注：此处所说的小学，即后来的青石镇中心小学。）');
    expect(inline?.chapter).toBe(7);
    expect(p.setAside.find((s) => s.kind === 'notes')?.chars).toBeGreaterThan(100);
  });

  it('reads ⑴ and [1] markers, 注1： lines, translator’s notes and an en Notes section', () => {
    const zh = prepareText(
      '第一章　雨\n他走进茶馆⑴，要了一壶龙井[1]。（译者注：原文为方言。）\n⑴茶馆：旧时城里的茶楼。\n注1：龙井，绿茶的一种。\n',
    );
    expect(zh.chapters[0]?.text).toBe('他走进茶馆，要了一壶龙井。');
    expect(zh.notes.map((n) => [n.marker, n.kind])).toEqual([
      ['⑴', 'footnote'],
      ['1', 'footnote'],
      [null, 'translator'],
    ]);
    const en = prepareText(LIGHTHOUSE());
    const story = en.chapters.map((c) => c.text).join('\n');
    expect(story).not.toMatch(/\[1\]|\[2\]|Editor's note|NOTES|Fresnel/);
    expect(story).toContain('look under the second lamp.');
    expect(en.notes.map((n) => n.marker)).toEqual([null, '1', '2']);
    expect(en.notes[1]?.text).toContain('spare Fresnel lens');
  });

  it('leaves a numbered list that no marker refers to in the story', () => {
    const p = prepareText('第一章　清单\n他在纸上写下：\n[1] 买米\n[2] 买盐\n然后出了门。\n');
    expect(p.notes).toEqual([]);
    expect(p.chapters[0]?.text).toContain('[1] 买米');
  });
});

describe('prepareText: whitespace', () => {
  it('removes hard-wrap spaces inside CJK words and joins hard-wrapped zh lines', () => {
    const p = prepareText(
      '第一章　雨\n我 们林家在这镇上住了三代，到我这里，只剩\n下这一间空屋了，门前的那条河还在流，河上\n的船却一条也没有了。屋后的竹子长得很高，\n风一吹就响个不停，像有人在说话。\n',
    );
    expect(p.chapters[0]?.text).toBe(
      '我们林家在这镇上住了三代，到我这里，只剩下这一间空屋了，门前的那条河还在流，河上的船却一条也没有了。屋后的竹子长得很高，风一吹就响个不停，像有人在说话。',
    );
    expect(prepareText(QINGSHI()).chapters[2]?.text).toContain('我们林家在这镇上住了三代');
  });
});

describe('prepareText: narrator', () => {
  it('finds a first-person narrator and the name the text gives', () => {
    expect(prepareText(QINGSHI()).narrator).toEqual({ name: '林满', from: 'text' });
    expect(prepareText(LIGHTHOUSE()).narrator).toEqual({ name: 'Nell Hardy', from: 'text' });
  });

  it('takes the name from the title, or falls back to a role name', () => {
    const story =
      '我走进那间屋子，屋里很暗。我摸到桌上的灯，点亮了。我看见墙上挂着一张旧照片，我认得照片上的人。'.repeat(4);
    expect(prepareText(story, { title: '王小二自述' }).narrator).toEqual({ name: '王小二', from: 'title' });
    expect(prepareText(story).narrator).toEqual({ name: '叙述者', from: 'role' });
    const en = 'I walked into the room. I found the lamp and lit it, and I saw my old coat on the chair. '.repeat(4);
    expect(prepareText(en, { title: 'The Diary of Anna Mill' }).narrator).toEqual({ name: 'Anna Mill', from: 'title' });
    expect(prepareText(en).narrator).toEqual({ name: 'Narrator', from: 'role' });
  });

  it('finds no narrator where 我 / I is only spoken (Alice) or only in a preface (阿Q正传)', () => {
    expect(prepareText(ALICE()).narrator).toBeUndefined();
    expect(prepareText(AQ()).narrator).toBeUndefined();
  });
});

// A deterministic generator (mulberry32), so a failure names the seed that made it.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  '第一章　开端\n',
  '第二章\n',
  '一\n',
  'CHAPTER I.\nThe Start\n',
  'II\n',
  '目录\n',
  'Contents\n',
  '前言\n',
  'PREFACE\n',
  '注释\n',
  'NOTES\n',
  '①',
  '⑴',
  '[1]',
  '〔2〕',
  '注1：龙井，绿茶的一种。\n',
  '①船契：旧时船只的凭证。\n',
  '[1] A note on the lamp.\n',
  '（译者注：原文为方言。）',
  '[Editor’s note: kept in Holt.]',
  '他走进茶馆，要了一壶龙井。',
  '我 们',
  '“你是谁？”他问。',
  'I never went back.',
  '"Who is Mr. Crane?" I asked.',
  'The train left me at Gullhaven station.',
  '\u0000',
  '\ud800',
  '\udfff',
  '😀',
  '👨‍👩‍👧',
  '\u3000\u3000',
  '\n',
  '\n\n',
  '\r\n',
  ' ',
  '\t',
];

describe('prepareText: nothing is lost', () => {
  it('puts every visible character of the input exactly once in headings, chapters or set-aside text', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      const n = 1 + Math.floor(r() * 40);
      const raw = Array.from({ length: n }, () => PIECES[Math.floor(r() * PIECES.length)] ?? '').join('');
      const p = prepareText(raw);
      expect(visible(accountedText(p)), `seed ${seed}: ${JSON.stringify(raw)}`).toEqual(visible(raw));
      expect(p.chapters.length).toBeGreaterThan(0);
      expect(p.notes.every((note) => accountedText(p).includes(note.text))).toBe(true);
    }
  });

  it('holds on the four test novels', () => {
    for (const text of [ALICE(), AQ(), QINGSHI(), LIGHTHOUSE()]) {
      const p = prepareText(text);
      expect(visible(accountedText(p))).toEqual(visible(text));
    }
  });
});
