import { describe, expect, it } from 'vitest';
import { extractDialogue } from './dialogue';

const AQ_CAST = [
  { name: '阿Q', aliases: ['老Q', '阿Quei'] },
  { name: '赵太爷', aliases: [] },
  { name: '王胡', aliases: [] },
  { name: '小D', aliases: [] },
];
const lines = (beats: ReturnType<typeof extractDialogue>) =>
  beats.filter((b) => b.type !== 'action').map((b) => [b.type, b.character, b.text]);

describe('extractDialogue (zh)', () => {
  it('attributes from 说/道 after the quote and from 说： before it', () => {
    const text = [
      '    赵太爷愈看愈生气了，抢进几步说：“你敢胡说！我怎么会有你这样的本家？”',
      '    “癞皮狗，你骂谁？”王胡轻蔑的抬起眼来说。',
      '    “我是虫豸，好么？……”小D说。',
    ].join('\n');
    const beats = extractDialogue(text, 'zh', AQ_CAST);
    expect(lines(beats)).toEqual([
      ['dialogue', '赵太爷', '你敢胡说！我怎么会有你这样的本家？'],
      ['dialogue', '王胡', '癞皮狗，你骂谁？'],
      ['dialogue', '小D', '我是虫豸，好么？……'],
    ]);
    expect(beats.find((b) => b.character === '王胡')?.parenthetical).toBe('轻蔑的抬起眼来');
    expect(beats[0]).toMatchObject({ type: 'action', text: '赵太爷愈看愈生气了，抢进几步' });
  });

  it('maps aliases to the canonical name and resolves 他 to the last named subject', () => {
    const text = ['“老Q，”赵太爷怯怯的迎着低声的叫。', '阿Q在墙根下坐着，赵太爷走远了，他便说：“我要造反！”'].join(
      '\n',
    );
    expect(lines(extractDialogue(text, 'zh', AQ_CAST))).toEqual([
      ['dialogue', '赵太爷', '老Q。'],
      ['dialogue', '阿Q', '我要造反！'],
    ]);
  });

  it('turns 想 into os, quoted or not', () => {
    const text = ['阿Q想：“女人，女人！……”', '“这是错的，可笑！”阿Q想。', '他想：我的儿子会阔得多啦！'].join('\n');
    expect(lines(extractDialogue(text, 'zh', AQ_CAST))).toEqual([
      ['os', '阿Q', '女人，女人！……'],
      ['os', '阿Q', '这是错的，可笑！'],
      ['os', '阿Q', '我的儿子会阔得多啦！'],
    ]);
  });

  it('carries a speaker from a paragraph ending in 说： to the quote below it', () => {
    const text = ['阿Q两只手都捏住了自己的辫根，歪着头，说道：', '“打虫豸，好不好？”'].join('\n');
    const beats = extractDialogue(text, 'zh', AQ_CAST);
    expect(lines(beats)).toEqual([['dialogue', '阿Q', '打虫豸，好不好？']]);
    expect(beats[0]).toMatchObject({ type: 'action', text: '阿Q两只手都捏住了自己的辫根，歪着头' });
  });

  it('follows the turns of an unattributed exchange, else the last speaker, else null', () => {
    const text = [
      '“那么，为什么不来的呢？”赵太爷问。',
      '“我本来要来投……”阿Q说。',
      '“胡说！现在你的同党在那里？”',
      '“什么？……”',
    ].join('\n');
    expect(lines(extractDialogue(text, 'zh', AQ_CAST)).map((l) => l[1])).toEqual(['赵太爷', '阿Q', '赵太爷', '阿Q']);
    expect(lines(extractDialogue('“站着说！不要跪！”', 'zh', AQ_CAST))).toEqual([
      ['dialogue', null, '站着说！不要跪！'],
    ]);
  });

  it('keeps scare quotes in the narration and names unknown crowds as nobody', () => {
    const beats = extractDialogue(
      '他们偏称他“假洋鬼子”，也叫作“里通外国的人”。\n“哈哈哈！”酒店里的人也九分得意的笑。',
      'zh',
      AQ_CAST,
    );
    expect(beats[0]).toMatchObject({ type: 'action', text: '他们偏称他“假洋鬼子”，也叫作“里通外国的人”。' });
    expect(lines(beats)).toEqual([['dialogue', null, '哈哈哈！']]);
  });

  it('reads 「」 quotes and, without a cast, takes the subject before the verb', () => {
    expect(lines(extractDialogue('「你好。」林晓说。\n「再见。」陈默说。', 'zh'))).toEqual([
      ['dialogue', '林晓', '你好。'],
      ['dialogue', '陈默', '再见。'],
    ]);
  });

  it('shortens narration to its first sentence, at most about 60 characters', () => {
    const long = `${'他在土谷祠里躺着，想着今天的事，'.repeat(6)}终于睡着了。后来又醒了。`;
    const [beat] = extractDialogue(long, 'zh');
    expect(beat?.type).toBe('action');
    expect(beat?.text.length).toBeLessThanOrEqual(61);
    expect(beat?.text.endsWith('…')).toBe(true);
  });
});

describe('extractDialogue (en)', () => {
  const cast = [
    { name: 'Alice', aliases: [] },
    { name: 'White Rabbit', aliases: ['Rabbit'] },
    { name: 'Hatter', aliases: [] },
    { name: 'March Hare', aliases: [] },
  ];

  it('attributes from said X, X said, cried X and joins the parts of an interrupted line', () => {
    const text = [
      '“Your hair wants cutting,” said the Hatter.',
      '',
      '“You should learn not to make personal remarks,” Alice said with some severity; “it’s very rude.”',
      '',
      '“Have some wine,” the March Hare said in an encouraging tone.',
      '',
      '“Oh my ears and whiskers, how late it’s getting!” cried the Rabbit.',
    ].join('\n');
    expect(lines(extractDialogue(text, 'en', cast))).toEqual([
      ['dialogue', 'Hatter', 'Your hair wants cutting.'],
      ['dialogue', 'Alice', 'You should learn not to make personal remarks, it’s very rude.'],
      ['dialogue', 'March Hare', 'Have some wine.'],
      ['dialogue', 'White Rabbit', 'Oh my ears and whiskers, how late it’s getting!'],
    ]);
  });

  it('makes thoughts os (talking to herself stays dialogue), and resolves she to the subject before', () => {
    const text = [
      'Alice was beginning to get very tired of sitting by her sister on the bank, “and what is the use of a book,” thought Alice “without pictures or conversations?”',
      '',
      'Alice looked all round her. “I wish I hadn’t cried so much!” she said.',
      '',
      '“I must be growing small again,” she said to herself.',
    ].join('\n');
    const beats = extractDialogue(text, 'en', cast);
    expect(lines(beats)).toEqual([
      ['os', 'Alice', 'and what is the use of a book, without pictures or conversations?'],
      ['dialogue', 'Alice', 'I wish I hadn’t cried so much!'],
      ['dialogue', 'Alice', 'I must be growing small again.'],
    ]);
    expect(beats[0]).toMatchObject({ type: 'action' });
  });

  it('uses a name right before the verb in the narration ("the Rabbit say to itself,")', () => {
    const text =
      'Alice did not think it strange to hear the Rabbit say to itself, “Oh dear! Oh dear! I shall be late!”';
    expect(lines(extractDialogue(text, 'en', cast))).toEqual([
      ['dialogue', 'White Rabbit', 'Oh dear! Oh dear! I shall be late!'],
    ]);
  });

  it('reads straight quotes and, without a cast, takes the capitalised name after said', () => {
    const text = '"Where are you going?" said Tom.\n\n"Home," said Mary.';
    expect(lines(extractDialogue(text, 'en'))).toEqual([
      ['dialogue', 'Tom', 'Where are you going?'],
      ['dialogue', 'Mary', 'Home.'],
    ]);
  });

  it('reads ‘single’ quotes as speech when the text has no double quotes, but not apostrophes', () => {
    const text = '‘I don’t know,’ said Alice.\n\nThe Hatter’s watch didn’t work.';
    const beats = extractDialogue(text, 'en', cast);
    expect(lines(beats)).toEqual([['dialogue', 'Alice', 'I don’t know.']]);
    expect(beats[1]).toMatchObject({ type: 'action', text: 'The Hatter’s watch didn’t work.' });
  });

  it('gives an unknown speaker when someone we do not know speaks', () => {
    const text = '“Hold your tongue!” said Alice.\n\n“But who is to give the prizes?” quite a chorus of voices asked.';
    expect(lines(extractDialogue(text, 'en', cast)).map((l) => l[1])).toEqual(['Alice', null]);
  });
});

describe('extractDialogue edge cases', () => {
  it('does not take 知道 or 喝酒 for speech verbs', () => {
    const text = '“你姓赵么？”赵太爷问。\n“我不知道。”阿Q知道这回要糟，便喝了一口酒，低下头去了。';
    const beats = extractDialogue(text, 'zh', AQ_CAST);
    // no speech verb after the second quote, but a name opens the narration right after it
    expect(lines(beats).map((l) => l[1])).toEqual(['赵太爷', '阿Q']);
    expect(beats.some((b) => b.type === 'action' && b.text.startsWith('阿Q知道这回要糟'))).toBe(true);
  });

  it('gives a first-person narrator no name', () => {
    const beats = extractDialogue('“Good morning,” I said.', 'en', [{ name: 'Alice', aliases: [] }]);
    expect(lines(beats)).toEqual([['dialogue', null, 'Good morning.']]);
  });
});
