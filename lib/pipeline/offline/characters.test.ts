import { describe, expect, it } from 'vitest';
import { splitChapters } from '../text/chapters';
import { type CharacterProfile, findCharacters } from './characters';
import { ALICE, AQ } from './test-support';

const byName = (cast: CharacterProfile[], form: string) =>
  cast.find((c) => c.name === form || c.aliases.includes(form));

describe('findCharacters (zh, 阿Q正传)', () => {
  const cast = findCharacters(splitChapters(AQ()), 'zh');

  it('makes 阿Q the protagonist, with 老Q and 阿Quei merged into him', () => {
    expect(cast[0]?.name).toBe('阿Q');
    expect(cast[0]?.role).toBe('protagonist');
    expect(cast[0]?.aliases).toEqual(expect.arrayContaining(['老Q', '阿Quei']));
    expect(cast.filter((c) => [c.name, ...c.aliases].some((f) => /Q/.test(f)))).toHaveLength(1);
    expect(cast[0]?.lines).toBeGreaterThan(40);
  });

  it('finds the main cast', () => {
    for (const name of ['赵太爷', '王胡', '小D', '吴妈', '假洋鬼子', '邹七嫂', '举人老爷'])
      expect(byName(cast, name), name).toBeDefined();
    expect(byName(cast, '赵秀才') ?? byName(cast, '秀才')).toBeDefined();
    expect(byName(cast, '赵秀才')?.aliases).toContain('秀才');
    expect(byName(cast, '赵太爷')?.role).toBe('supporting');
  });

  it('keeps different people apart and non-names out', () => {
    expect(byName(cast, '小D')?.name).toBe('小D');
    expect(byName(cast, '小D')?.aliases).not.toContain('阿Q');
    expect(byName(cast, '小尼姑')?.aliases ?? []).not.toContain('老尼姑');
    for (const junk of ['那时', '于是', '许多', '屈辱', '桑树', '白盔白', '阿弥'])
      expect(byName(cast, junk), junk).toBeUndefined();
    expect(cast.length).toBeLessThanOrEqual(24);
  });

  it('describes each character from facts', () => {
    const q = cast[0] as CharacterProfile;
    expect(q.firstChapter).toBe(1);
    expect(q.description).toContain('阿Q，主角。第1章首次出场');
    expect(q.description).toContain(`台词${q.lines}句`);
    expect(q.quote && q.description).toContain(q.quote as string);
    expect(byName(cast, '小D')?.firstChapter).toBe(5);
  });

  it('writes descriptions in the output language', () => {
    const en = findCharacters(splitChapters(AQ()), 'zh', 'en');
    expect(en[0]?.description).toMatch(/^阿Q, the protagonist\. First appears in chapter 1;/);
  });
});

describe('findCharacters (en, Alice)', () => {
  const cast = findCharacters(splitChapters(ALICE()), 'en');

  it('makes Alice the protagonist', () => {
    expect(cast[0]).toMatchObject({ name: 'Alice', role: 'protagonist', firstChapter: 1 });
    expect(cast[0]?.lines).toBeGreaterThan(150);
  });

  it('finds the main cast, with the Rabbit and the Cat merged with their long names', () => {
    const names = [
      'Rabbit',
      'Queen',
      'King',
      'Hatter',
      'Duchess',
      'Cat',
      'Mock Turtle',
      'Gryphon',
      'Caterpillar',
      'March Hare',
      'Dormouse',
    ];
    for (const name of names) expect(byName(cast, name), name).toBeDefined();
    expect(byName(cast, 'Rabbit')?.name).toBe('White Rabbit');
    expect(byName(cast, 'Cat')?.name).toBe('Cheshire Cat');
    for (const name of names) expect(byName(cast, name)?.lines, name).toBeGreaterThan(5);
  });

  it('leaves out capitalised words that are not characters, and caps the speaking cast at 20', () => {
    for (const junk of ['Soup', 'Majesty', 'Wonderland', 'English', 'Hearts', 'Said'])
      expect(byName(cast, junk), junk).toBeUndefined();
    expect(cast.filter((c) => c.lines > 0).length).toBeLessThanOrEqual(20);
  });

  it('describes characters in English', () => {
    expect(byName(cast, 'Rabbit')?.description).toMatch(
      /^White Rabbit, a supporting character\. First appears in chapter 1; mentioned \d+ times, \d+ lines of dialogue\. Also called Rabbit\./,
    );
  });
});

describe('findCharacters on small texts', () => {
  it('finds speakers of a modern Chinese story by surname and speech verbs', () => {
    const text = [
      '林晓推开门，看见陈默坐在窗边。',
      '“你怎么来了？”林晓问。',
      '“我来还你的书。”陈默说。',
      '林晓接过书，笑了笑。',
      '“谢谢你。”林晓说。',
      '陈默站起来，走到门口。',
      '“明天见。”陈默说。',
    ].join('\n');
    const cast = findCharacters(text, 'zh');
    expect(cast.map((c) => c.name).sort()).toEqual(['林晓', '陈默']);
    expect(cast.every((c) => c.lines === 2)).toBe(true);
  });

  it('finds English speakers from said X / X said', () => {
    const text = [
      '“Where are you going?” said Tom.',
      '',
      'Mary looked at him. “Home,” Mary said. “It is late.”',
      '',
      '“Then I will walk with you,” said Tom, and Mary smiled.',
    ].join('\n');
    const cast = findCharacters(text, 'en');
    expect(cast.map((c) => [c.name, c.lines])).toEqual([
      ['Tom', 2],
      ['Mary', 1],
    ]);
  });
});
