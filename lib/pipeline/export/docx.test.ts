import { describe, expect, it } from 'vitest';
import { withQuality } from '../quality';
import { goodScript, NOVEL_ZH } from '../quality/fixtures.test-util';
import type { ScriptResult } from '../schema';
import { contentDisposition, exportFile, exportFilename } from '.';
import { docxText, unzip } from './unzip.test-util';

async function paragraphs(r: ScriptResult): Promise<{ lines: string[]; xml: string }> {
  const file = await exportFile(r, 'docx');
  expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const files = unzip(file.body as Uint8Array);
  expect([...files.keys()]).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
  const xml = files.get('word/document.xml') ?? '';
  return { lines: docxText(xml), xml };
}

describe('docx export in the 短剧 layout', () => {
  it('title page with the quality summary, then each episode: 场 headings, 人物, △, cues, OS, 【卡点】', async () => {
    const s = goodScript();
    s.episodes[0]!.scenes[0]!.lines[1]!.parenthetical = '低声';
    s.source.set_aside = [{ kind: 'notes', chars: 31, excerpt: '①槐树：落叶乔木…' }];
    const { lines, xml } = await paragraphs(await withQuality(s, NOVEL_ZH, { episodeLength: 100 }));
    expect(lines[0]).toBe('《旧宅》');
    expect(lines[1]).toBe('一封来信把阿强引回父亲的旧宅。');
    expect(lines).toContain('质量：合格');
    expect(lines).toContain('章节覆盖：100% · 合格 — 原文 3 章共 3 个事件，3 个出现在剧本中');
    expect(lines).toContain('王德明（又名表叔）【反派】：阿强的表叔');
    expect(lines).toContain('未作为故事改编的原文');
    expect(lines).toContain('注释 · 31 字 · ①槐树：落叶乔木…');
    const ep1 = lines.indexOf('第1集 陌生来信');
    expect(ep1).toBeGreaterThan(lines.indexOf('人物表'));
    expect(lines.slice(ep1, ep1 + 8)).toEqual([
      '第1集 陌生来信',
      '老人送来父亲的信，阿强找到旧宅。',
      '场1-1 槐树下 日 外',
      '人物：阿强、老人',
      '△阿强推开院门，看见槐树下站着一个陌生的老人。',
      '老人：（低声）你就是阿强吧？',
      '阿强：我是阿强，您是哪位？',
      '场1-2 巷口 日 外',
    ]);
    expect(lines).toContain('阿强（os）：老人手里握着一封发黄的信。');
    expect(lines).toContain('【卡点】楼上传来一阵沉重的脚步声。');
    expect(lines).toContain('（第2集完）');
    // headings are Word headings (navigable), and each episode starts a page
    expect(xml.match(/<w:pStyle w:val="Heading1"\/>/g)).toHaveLength(3);
    expect(xml.match(/<w:pStyle w:val="Heading2"\/>/g)?.length).toBe(6 + 2); // 6 scenes, the quality verdict, the set-aside text
    expect(xml.match(/<w:pageBreakBefore\/>/g)).toHaveLength(3);
  });

  it('English: INT./EXT. headings, (OS)/(VO) cues and [Hook]', async () => {
    const s: ScriptResult = {
      ...goodScript(),
      title: 'The Door',
      language: 'en',
      episodes: [
        {
          number: 1,
          title: 'Down',
          summary: '',
          hook: 'The step gives way.',
          chapters: [1],
          scenes: [
            {
              number: 1,
              location: 'Cellar',
              time: '夜',
              interior: '内',
              characters: ['Tom'],
              lines: [
                { type: 'action', text: 'Tom goes down.' },
                { type: 'vo', character: 'Narrator', text: 'He counted the steps.' },
                { type: 'dialogue', character: 'Tom', parenthetical: 'calling', text: 'Anybody there?' },
              ],
            },
          ],
        },
      ],
    };
    const { lines } = await paragraphs(s);
    expect(lines).toEqual(
      expect.arrayContaining([
        'The Door',
        'Episode 1: Down',
        'Scene 1-1 INT. Cellar - NIGHT',
        'Characters: Tom',
        '△ Tom goes down.',
        'Narrator (VO): He counted the steps.',
        'Tom: (calling) Anybody there?',
        '[Hook] The step gives way.',
        '(End of episode 1)',
      ]),
    );
  });

  it('NUL, lone surrogates and emoji in any field give a valid document and a safe file name', async () => {
    const s = goodScript();
    const nasty = `旧宅\u0000\ud800😀\u0007\uffff${'长'.repeat(78)}😀尾`;
    s.title = nasty;
    s.logline = nasty;
    s.episodes[0]!.title = nasty;
    s.episodes[0]!.scenes[0]!.lines[0]!.text = nasty;
    s.characters[0]!.description = nasty;
    const { lines, xml } = await paragraphs(await withQuality(s, NOVEL_ZH));
    const invalid = [...xml].filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff;
    });
    expect(invalid).toEqual([]);
    expect(xml.isWellFormed()).toBe(true);
    expect(lines[0]).toBe(`《旧宅😀${'长'.repeat(78)}😀尾》`);
    const name = exportFilename(nasty, 'docx');
    expect(name.isWellFormed()).toBe(true);
    expect([...name.replace(/\.docx$/, '')]).toHaveLength(80);
    expect(name.startsWith('旧宅')).toBe(true);
    expect(name).not.toContain('\u0000');
    expect(() => contentDisposition(name)).not.toThrow();
    expect(exportFilename('\u0000\ud800', 'docx')).toBe('script.docx');
    // an emoji straddling the 80th code unit is kept whole or dropped, never halved
    const cut = exportFilename(`${'a'.repeat(79)}😀😀`, 'docx');
    expect(cut.isWellFormed()).toBe(true);
    expect(() => contentDisposition(cut)).not.toThrow();
  });
});
