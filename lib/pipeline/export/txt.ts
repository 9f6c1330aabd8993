// The plain-text 短剧 layout: 第X集 / 场X-Y 地点 日/夜 内/外 / 人物： / △动作 / 角色：台词 /
// 角色（os）： / 角色（VO）： / 【卡点】 / （第X集完）, and its English counterpart. The LLM engine
// asks models to write episodes in exactly this layout (lib/pipeline/llm/episode-text.ts parses it).
import type { Episode, Language, Scene, ScriptLine, ScriptResult } from '../schema';

const ROLE_ZH = { protagonist: '主角', antagonist: '反派', supporting: '配角', minor: '次要' } as const;
const ROLE_EN = {
  protagonist: 'protagonist',
  antagonist: 'antagonist',
  supporting: 'supporting',
  minor: 'minor',
} as const;
/** A character's role as the cast list names it, per script language. */
export const ROLE_LABELS: Record<Language, Record<keyof typeof ROLE_ZH, string>> = { zh: ROLE_ZH, en: ROLE_EN };

export function sceneHeading(episode: number, s: Scene, language: Language): string {
  if (language === 'zh') return `场${episode}-${s.number} ${s.location} ${s.time} ${s.interior}`;
  const place = s.interior === '内' ? 'INT.' : 'EXT.';
  return `Scene ${episode}-${s.number} ${place} ${s.location} - ${s.time === '日' ? 'DAY' : 'NIGHT'}`;
}

export function lineText(l: ScriptLine, language: Language): string {
  const zh = language === 'zh';
  const paren = l.parenthetical ? (zh ? `（${l.parenthetical}）` : `(${l.parenthetical}) `) : '';
  const colon = zh ? '：' : ': ';
  switch (l.type) {
    case 'action':
      return zh ? `△${l.text}` : `△ ${l.text}`;
    case 'dialogue':
      return `${l.character ?? ''}${colon}${paren}${l.text}`;
    case 'os':
      return zh ? `${l.character}（os）：${l.text}` : `${l.character} (OS): ${l.text}`;
    case 'vo':
      return zh ? `${l.character}（VO）：${l.text}` : `${l.character} (VO): ${l.text}`;
    case 'transition':
      return l.text;
  }
}

export function episodeText(e: Episode, language: Language): string {
  const zh = language === 'zh';
  const out = [zh ? `第${e.number}集 ${e.title}` : `Episode ${e.number}: ${e.title}`];
  for (const s of e.scenes) {
    out.push('', sceneHeading(e.number, s, language));
    out.push(zh ? `人物：${s.characters.join('、')}` : `Characters: ${s.characters.join(', ')}`);
    for (const l of s.lines) out.push(lineText(l, language));
  }
  if (e.hook) out.push('', zh ? `【卡点】${e.hook}` : `[Hook] ${e.hook}`);
  out.push(zh ? `（第${e.number}集完）` : `(End of episode ${e.number})`);
  return out.join('\n');
}

export function renderTxt(r: ScriptResult): string {
  const zh = r.language === 'zh';
  const out = [zh ? `《${r.title}》` : r.title.toUpperCase()];
  if (r.logline) out.push(zh ? `一句话梗概：${r.logline}` : `Logline: ${r.logline}`);
  out.push('', zh ? '人物表' : 'CHARACTERS');
  for (const c of r.characters) {
    const aka = c.aliases.length ? (zh ? `（又名${c.aliases.join('、')}）` : ` (also ${c.aliases.join(', ')})`) : '';
    const role = zh ? ROLE_ZH[c.role] : ROLE_EN[c.role];
    out.push(zh ? `${c.name}${aka}【${role}】：${c.description}` : `${c.name}${aka} [${role}]: ${c.description}`);
  }
  for (const e of r.episodes) out.push('', '', episodeText(e, r.language));
  if (r.warnings.length) out.push('', zh ? '校验提示：' : 'Check notes:', ...r.warnings.map((w) => `- ${w}`));
  return `${out.join('\n')}\n`;
}
