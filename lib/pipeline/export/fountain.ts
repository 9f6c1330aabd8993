// Fountain that survives CJK: a Fountain parser decides element types by case and punctuation,
// and Chinese has no case — so every character cue is forced with `@`, every scene heading with
// `.`, transitions with `>`, and an action line with `!` wherever a parser could misread it
// (no lower-case letters, or a leading character Fountain treats as markup).
import type { Character, Episode, ScriptLine, ScriptResult } from '../schema';
import { sceneHeading } from './txt';

const MARKUP_START = /^[\s]*[.@>~=#![]|^\s*(?:int|ext|est|i\/e)[. ]/i;

/** Action text, forced with `!` when Fountain would read it as something else. */
export function actionLine(text: string): string {
  const t = text.replace(/\n+/g, ' ').trim();
  const misread = !/[a-z]/.test(t) || MARKUP_START.test(t) || / TO:\s*$/.test(t) || /^\(.*\)$/.test(t);
  return misread ? `!${t}` : t;
}

const cueName = (name: string) => name.replace(/[\^()@]/g, '').trim() || '?';

function cue(l: ScriptLine): string {
  const ext = l.type === 'os' ? ' (OS)' : l.type === 'vo' ? ' (VO)' : '';
  return `@${cueName(l.character ?? '')}${ext}`;
}

function lineBlock(l: ScriptLine): string {
  if (l.type === 'action') return actionLine(l.text);
  if (l.type === 'transition') return `> ${l.text.replace(/\n+/g, ' ')}`;
  const paren = l.parenthetical ? `\n(${l.parenthetical.replace(/[()（）]/g, '')})` : '';
  // a dialogue line starting with "(" would be read as a parenthetical: keep it as speech
  const text = l.text.replace(/\n+/g, ' ').replace(/^\(/, '\\(');
  return `${cue(l)}${paren}\n${text}`;
}

function characterNotes(cs: readonly Character[], zh: boolean): string[] {
  return cs.map((c) => {
    const aka = c.aliases.length ? (zh ? `（又名${c.aliases.join('、')}）` : ` (also ${c.aliases.join(', ')})`) : '';
    return actionLine(`${c.name}${aka}${zh ? '：' : ': '}${c.description}`);
  });
}

function episodeBlocks(e: Episode, zh: boolean, language: ScriptResult['language']): string[] {
  const blocks = [`# ${zh ? `第${e.number}集 ${e.title}` : `Episode ${e.number}: ${e.title}`}`];
  if (e.summary) blocks.push(`= ${e.summary.replace(/\n+/g, ' ')}`);
  for (const s of e.scenes) {
    blocks.push(`.${sceneHeading(e.number, s, language)}`);
    for (const l of s.lines) blocks.push(lineBlock(l));
  }
  if (e.hook) blocks.push(actionLine(zh ? `【卡点】${e.hook}` : `[Hook] ${e.hook}`));
  blocks.push(`> ${zh ? `第${e.number}集完` : `END OF EPISODE ${e.number}`}`);
  return blocks;
}

export function renderFountain(r: ScriptResult): string {
  const zh = r.language === 'zh';
  const title = [`Title: ${r.title}`, `Credit: ${r.engine.name}${r.engine.model ? ` (${r.engine.model})` : ''}`];
  if (r.logline) title.push(`Notes: ${r.logline.replace(/\n+/g, ' ')}`);
  const blocks = [title.join('\n'), `# ${zh ? '人物表' : 'Characters'}`, ...characterNotes(r.characters, zh)];
  for (const e of r.episodes) blocks.push(...episodeBlocks(e, zh, r.language));
  return `${blocks.join('\n\n')}\n`;
}
