// A small hand-written novel and a faithful two-episode script of it, for the quality tests to
// break one measure at a time.
import type { Episode, ScriptLine, ScriptResult } from '../schema';
import { splitChapters } from '../text/chapters';
import type { QualitySource } from './assess';

export const NOVEL_ZH = `第一章 来信
阿强推开院门，看见槐树下站着一个陌生的老人。老人手里握着一封发黄的信，信封上写着阿强父亲的名字。
“你就是阿强吧？”老人问。
“我是阿强，您是哪位？”阿强警惕地后退了一步。
老人把信塞进他手里，转身消失在巷口的雾气中。

第二章 旧宅
阿强按照信上的地址找到城西的旧宅，大门上贴着褪色的封条。
屋里积满灰尘，墙上挂着父亲年轻时的照片，照片背后写着一行小字。
“别相信姓王的人。”阿强念出那行字，手心全是冷汗。
就在这时，楼上传来一阵沉重的脚步声。

第三章 对峙
下楼的是表叔王德明，他手里提着一盏煤油灯，脸上带着古怪的笑。
“你父亲欠我的，今天该还了。”王德明冷冷地说。
阿强握紧那封信，慢慢退到门边。
“信上写的，我都知道了。”阿强说。
王德明脸色大变，煤油灯摔在地上，火苗顺着木地板蔓延开来。
`;

export const sourceZh = (): QualitySource => ({
  text: NOVEL_ZH,
  chapters: splitChapters(NOVEL_ZH, 'zh'),
  language: 'zh',
});

const act = (text: string): ScriptLine => ({ type: 'action', text });
const say = (character: string, text: string): ScriptLine => ({ type: 'dialogue', character, text });
const os = (character: string, text: string): ScriptLine => ({ type: 'os', character, text });

const scene = (number: number, location: string, characters: string[], lines: ScriptLine[]) => ({
  number,
  location,
  time: '日' as const,
  interior: '外' as const,
  characters,
  lines,
});

export function goodEpisodes(): Episode[] {
  return [
    {
      number: 1,
      title: '陌生来信',
      summary: '老人送来父亲的信，阿强找到旧宅。',
      hook: '楼上传来一阵沉重的脚步声。',
      chapters: [1, 2],
      scenes: [
        scene(
          1,
          '槐树下',
          ['阿强', '老人'],
          [
            act('阿强推开院门，看见槐树下站着一个陌生的老人。'),
            say('老人', '你就是阿强吧？'),
            say('阿强', '我是阿强，您是哪位？'),
          ],
        ),
        scene(
          2,
          '巷口',
          ['阿强', '老人'],
          [act('老人把信塞进他手里，转身消失在巷口的雾气中。'), os('阿强', '老人手里握着一封发黄的信。')],
        ),
        scene(
          3,
          '旧宅',
          ['阿强'],
          [
            act('阿强按照信上的地址找到城西的旧宅，大门上贴着褪色的封条。'),
            say('阿强', '别相信姓王的人。'),
            act('就在这时，楼上传来一阵沉重的脚步声。'),
          ],
        ),
      ],
    },
    {
      number: 2,
      title: '火起旧宅',
      summary: '表叔王德明现身，旧宅起火。',
      hook: '火苗顺着木地板蔓延开来。',
      chapters: [3],
      scenes: [
        scene(
          1,
          '旧宅楼梯',
          ['王德明', '阿强'],
          [
            act('下楼的是表叔王德明，他手里提着一盏煤油灯，脸上带着古怪的笑。'),
            say('王德明', '你父亲欠我的，今天该还了！'),
          ],
        ),
        scene(
          2,
          '旧宅门边',
          ['阿强', '王德明'],
          [act('阿强握紧那封信，慢慢退到门边。'), say('阿强', '信上写的，我都知道了。')],
        ),
        scene(
          3,
          '旧宅',
          ['王德明', '阿强'],
          [act('王德明脸色大变，煤油灯摔在地上。'), act('火苗顺着木地板蔓延开来。')],
        ),
      ],
    },
  ];
}

export function goodScript(): ScriptResult {
  return {
    title: '旧宅',
    logline: '一封来信把阿强引回父亲的旧宅。',
    language: 'zh',
    characters: [
      { name: '阿强', aliases: [], role: 'protagonist', description: '收到来信的青年' },
      { name: '老人', aliases: [], role: 'supporting', description: '送信人' },
      { name: '王德明', aliases: ['表叔'], role: 'antagonist', description: '阿强的表叔' },
    ],
    episodes: goodEpisodes(),
    source: { chapters: [], characters_found: 3, total_chars: NOVEL_ZH.length },
    engine: { name: 'offline', model: null },
    usage: { calls: 0, prompt_tokens: 0, cached_tokens: 0, completion_tokens: 0, reasoning_tokens: 0, cost_usd: 0 },
    warnings: [],
  };
}
