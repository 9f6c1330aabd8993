// The .docx delivery in the 短剧 layout (the `docx` package): a title page with the logline and the
// quality summary, the cast, then each episode on its own page — 第X集 heading, 场X-Y 地点 日/夜 内/外
// headings, 人物, △ action, speaker：dialogue, OS/VO, 【卡点】 and （第X集完）.
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { qualityLines, SET_ASIDE_TITLE, setAsideLines } from '../quality/labels';
import type { Episode, Language, ScriptLine, ScriptResult } from '../schema';
import { lineText, ROLE_LABELS, sceneHeading } from './txt';

/** Text XML 1.0 can hold: no control characters (tab and newline aside), no lone surrogates, no U+FFFE/U+FFFF. */
export function xmlSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const bad =
      (c < 0x20 && c !== 0x09 && c !== 0x0a) ||
      c === 0x7f ||
      (c >= 0xd800 && c <= 0xdfff) ||
      c === 0xfffe ||
      c === 0xffff;
    out += bad ? '' : ch;
  }
  return out;
}

const run = (text: string, opts: { bold?: boolean; italics?: boolean; size?: number } = {}) =>
  new TextRun({ text: xmlSafe(text), ...opts });
const para = (text: string, opts: { bold?: boolean; italics?: boolean } = {}) =>
  new Paragraph({ children: [run(text, opts)] });

function cue(l: ScriptLine, language: Language): Paragraph {
  const zh = language === 'zh';
  if (l.type === 'action' || l.type === 'transition' || !l.character) return para(lineText(l, language));
  const full = lineText(l, language);
  const colon = zh ? '：' : ': ';
  const head = full.slice(0, full.indexOf(colon) + colon.length);
  return new Paragraph({
    children: [run(head, { bold: true }), run(full.slice(head.length), { italics: l.type !== 'dialogue' })],
  });
}

function episode(e: Episode, language: Language): Paragraph[] {
  const zh = language === 'zh';
  const out = [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: true,
      children: [run(zh ? `第${e.number}集 ${e.title}` : `Episode ${e.number}: ${e.title}`)],
    }),
  ];
  if (e.summary) out.push(para(e.summary, { italics: true }));
  for (const s of e.scenes) {
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(sceneHeading(e.number, s, language))] }));
    out.push(para(zh ? `人物：${s.characters.join('、')}` : `Characters: ${s.characters.join(', ')}`));
    for (const l of s.lines) out.push(cue(l, language));
  }
  if (e.hook)
    out.push(new Paragraph({ children: [run(zh ? `【卡点】${e.hook}` : `[Hook] ${e.hook}`, { bold: true })] }));
  out.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(zh ? `（第${e.number}集完）` : `(End of episode ${e.number})`)],
    }),
  );
  return out;
}

function titlePage(r: ScriptResult): Paragraph[] {
  const zh = r.language === 'zh';
  const out = [
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [run(zh ? `《${r.title}》` : r.title)],
    }),
  ];
  if (r.logline)
    out.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [run(r.logline, { italics: true })] }));
  out.push(
    para(
      `${r.engine.name}${r.engine.model ? ` · ${r.engine.model}` : ''} · ${zh ? `共${r.episodes.length}集` : `${r.episodes.length} episodes`}`,
    ),
  );
  if (r.quality) {
    const q = qualityLines(r.quality, r.language);
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(q.verdict)] }));
    for (const m of q.measures) out.push(new Paragraph({ bullet: { level: 0 }, children: [run(m)] }));
    for (const i of q.issues) out.push(new Paragraph({ bullet: { level: 1 }, children: [run(i, { size: 18 })] }));
  }
  const aside = setAsideLines(r.source.set_aside, r.language);
  if (aside.length) {
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(SET_ASIDE_TITLE[r.language])] }));
    for (const a of aside) out.push(new Paragraph({ bullet: { level: 0 }, children: [run(a, { size: 18 })] }));
  }
  if (r.warnings.length) {
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [run(zh ? '校验提示' : 'Check notes')] }));
    for (const w of r.warnings) out.push(new Paragraph({ bullet: { level: 0 }, children: [run(w)] }));
  }
  out.push(
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      pageBreakBefore: true,
      children: [run(zh ? '人物表' : 'Characters')],
    }),
  );
  for (const c of r.characters) {
    const aka = c.aliases.length ? (zh ? `（又名${c.aliases.join('、')}）` : ` (also ${c.aliases.join(', ')})`) : '';
    const role = ROLE_LABELS[r.language][c.role];
    out.push(
      new Paragraph({
        children: [
          run(`${c.name}${aka}`, { bold: true }),
          run(zh ? `【${role}】：${c.description}` : ` [${role}]: ${c.description}`),
        ],
      }),
    );
  }
  return out;
}

export async function renderDocx(r: ScriptResult): Promise<Uint8Array> {
  const doc = new Document({
    title: xmlSafe(r.title),
    creator: 'Shortplay',
    styles: { default: { document: { run: { font: { ascii: 'Arial', eastAsia: 'SimSun' }, size: 22 } } } },
    sections: [{ children: [...titlePage(r), ...r.episodes.flatMap((e) => episode(e, r.language))] }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
