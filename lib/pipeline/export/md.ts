// Markdown for reading: the character bible, then each episode with its summary, scenes and 卡点.
import { qualityLines, SET_ASIDE_TITLE, setAsideLines } from '../quality/labels';
import type { ScriptLine, ScriptResult } from '../schema';
import { sceneHeading } from './txt';

const esc = (s: string) => s.replace(/([\\`*_[\]#<>|])/g, '\\$1');

function line(l: ScriptLine, zh: boolean): string {
  const colon = zh ? '：' : ': ';
  const paren = l.parenthetical ? (zh ? `（${esc(l.parenthetical)}）` : `(${esc(l.parenthetical)}) `) : '';
  switch (l.type) {
    case 'action':
      return `△ ${esc(l.text)}`;
    case 'dialogue':
      return `**${esc(l.character ?? '')}**${colon}${paren}${esc(l.text)}`;
    case 'os':
      return `**${esc(l.character ?? '')}**${zh ? '（os）' : ' (OS)'}${colon}*${esc(l.text)}*`;
    case 'vo':
      return `**${esc(l.character ?? '')}**${zh ? '（VO）' : ' (VO)'}${colon}*${esc(l.text)}*`;
    case 'transition':
      return `*${esc(l.text)}*`;
  }
}

export function renderMarkdown(r: ScriptResult): string {
  const zh = r.language === 'zh';
  const out = [`# ${esc(r.title)}`, ''];
  if (r.logline) out.push(`> ${esc(r.logline)}`, '');
  if (r.quality) {
    const q = qualityLines(r.quality, r.language);
    out.push(`## ${esc(q.verdict)}`, '', ...q.measures.map((m) => `- ${esc(m)}`), '');
    if (q.issues.length) out.push(...q.issues.map((i) => `- ${esc(i)}`), '');
  }
  const aside = setAsideLines(r.source.set_aside, r.language);
  if (aside.length) out.push(`## ${SET_ASIDE_TITLE[r.language]}`, '', ...aside.map((a) => `- ${esc(a)}`), '');
  out.push(`## ${zh ? '人物表' : 'Characters'}`, '');
  for (const c of r.characters) {
    const aka = c.aliases.length ? ` (${c.aliases.map(esc).join(zh ? '、' : ', ')})` : '';
    out.push(`- **${esc(c.name)}**${aka} — ${esc(c.description)}`);
  }
  for (const e of r.episodes) {
    out.push('', `## ${zh ? `第${e.number}集 ${esc(e.title)}` : `Episode ${e.number}: ${esc(e.title)}`}`, '');
    if (e.summary) out.push(`*${esc(e.summary)}*`, '');
    for (const s of e.scenes) {
      out.push(`### ${esc(sceneHeading(e.number, s, r.language))}`, '');
      out.push(`${zh ? '人物：' : 'Characters: '}${s.characters.map(esc).join(zh ? '、' : ', ')}`, '');
      for (const l of s.lines) out.push(line(l, zh), '');
    }
    if (e.hook) out.push(`**${zh ? '卡点' : 'Hook'}**${zh ? '：' : ': '}${esc(e.hook)}`, '');
  }
  if (r.warnings.length) out.push(`## ${zh ? '校验提示' : 'Check notes'}`, '', ...r.warnings.map((w) => `- ${esc(w)}`));
  out.push(
    '',
    `---`,
    `*${r.engine.name}${r.engine.model ? ` · ${r.engine.model}` : ''} · ${r.usage.calls} calls · $${r.usage.cost_usd}*`,
  );
  return `${out.join('\n')}\n`;
}
