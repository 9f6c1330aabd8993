// Parsing an episode written in the 短剧 text layout (lib/pipeline/export/txt.ts) into scenes.
// Text, not JSON: it streams scene by scene, costs fewer tokens, and every model can write it.
// Tolerant of markdown decoration; strict about what makes a scene a scene.

import type { Parsed } from '../../llm/structured';
import { type Language, Scene, type ScriptLine } from '../schema';

export interface ParsedEpisode {
  title: string;
  scenes: Scene[];
  hook: string;
  /** The end marker （第X集完） was seen. */
  complete: boolean;
}

const ZH_HEADING = /^场\s*(\d+)\s*[-－—–]\s*(\d+)\s*[:：]?\s*(.+?)\s+(日|夜)\s*[/／ ]?\s*(内|外)$/;
const ZH_HEADING_ALT = /^场\s*(\d+)\s*[-－—–]\s*(\d+)\s*[:：]?\s*(.+?)\s+(内|外)\s*[/／ ]?\s*(日|夜)$/;
const EN_HEADING = /^Scene\s+(\d+)\s*-\s*(\d+)\s*[:.]?\s*(INT|EXT)\.?\s+(.+?)\s+[-–—]\s+(DAY|NIGHT)\b.*$/i;
const EPISODE = /^(?:第\s*\d+\s*集|Episode\s+\d+)\s*[:：]?\s*(.*)$/i;
const END = /^[（(]\s*(?:第\s*\d+\s*集\s*完|End of episode\s*\d+)\s*[)）]$/i;
const HOOK = /^(?:【卡点】|\[Hook\])\s*[:：]?\s*(.+)$/i;
const CAST = /^(?:人物|Characters)\s*[:：]\s*(.*)$/i;
const TRANSITION = /^(?:切至|切到|转场|闪回|CUT TO|FADE (?:IN|OUT)|DISSOLVE TO|FLASHBACK)(?:[:：.\s]|$)/i;
const SPEECH = /^([^：:△\s][^：:△]{0,23}?)\s*(?:[（(]\s*(os|OS|Os|VO|vo|V\.O\.|O\.S\.)\s*[)）])?\s*[:：]\s*(.+)$/;
const PAREN = /^[（(]([^）)]{1,20})[)）]\s*(.+)$/;

const clean = (l: string) =>
  l
    .replace(/^\s*(?:#{1,6}\s*|[*_]{1,3}|>\s*|[-*]\s+(?=△))/, '')
    .replace(/[*_]{2,3}/g, '')
    .trim();

function splitCast(s: string): string[] {
  return s
    .split(/[、，,;；]\s*|\s+and\s+/)
    .map((x) => x.trim())
    .filter(Boolean);
}

function heading(line: string): Omit<Scene, 'characters' | 'lines'> | null {
  let m = line.match(ZH_HEADING);
  if (m)
    return { number: Number(m[2]), location: m[3] ?? '', time: m[4] as '日' | '夜', interior: m[5] as '内' | '外' };
  m = line.match(ZH_HEADING_ALT);
  if (m)
    return { number: Number(m[2]), location: m[3] ?? '', time: m[5] as '日' | '夜', interior: m[4] as '内' | '外' };
  m = line.match(EN_HEADING);
  if (m)
    return {
      number: Number(m[2]),
      location: (m[4] ?? '').trim(),
      time: /night/i.test(m[5] ?? '') ? '夜' : '日',
      interior: /int/i.test(m[3] ?? '') ? '内' : '外',
    };
  return null;
}

function speech(line: string): ScriptLine | null {
  const m = line.match(SPEECH);
  if (!m) return null;
  const character = (m[1] ?? '').trim();
  const kind = (m[2] ?? '').toLowerCase().replace(/\./g, '');
  let text = (m[3] ?? '').trim();
  if (!character || !text) return null;
  if (kind === 'os') return { type: 'os', character, text };
  if (kind === 'vo') return { type: 'vo', character, text };
  const p = text.match(PAREN);
  if (p?.[1] && p[2]) {
    text = p[2].trim();
    return { type: 'dialogue', character, parenthetical: p[1].trim(), text };
  }
  return { type: 'dialogue', character, text };
}

/** Parse what a model wrote for one episode. Renumbers scenes 1..n in order. */
export function parseEpisodeText(raw: string, _language: Language): ParsedEpisode {
  const scenes: Scene[] = [];
  let title = '';
  let hook = '';
  let complete = false;
  let current: Scene | null = null;
  for (const rawLine of raw.split('\n')) {
    const line = clean(rawLine);
    if (!line || /^```/.test(line)) continue;
    const h = heading(line);
    if (h) {
      current = { ...h, number: scenes.length + 1, characters: [], lines: [] };
      scenes.push(current);
      continue;
    }
    const ep = line.match(EPISODE);
    if (ep && !current) {
      title = (ep[1] ?? '').trim();
      continue;
    }
    if (END.test(line)) {
      complete = true;
      continue;
    }
    const hk = line.match(HOOK);
    if (hk) {
      hook = (hk[1] ?? '').trim();
      continue;
    }
    if (!current) continue;
    const cast = line.match(CAST);
    if (cast) {
      current.characters = splitCast(cast[1] ?? '');
      continue;
    }
    if (line.startsWith('△')) {
      const text = line.slice(1).trim();
      if (text) current.lines.push({ type: 'action', text });
      continue;
    }
    if (TRANSITION.test(line) && line.length <= 20) {
      current.lines.push({ type: 'transition', text: line });
      continue;
    }
    current.lines.push(speech(line) ?? { type: 'action', text: line });
  }
  return { title, scenes, hook, complete };
}

/** Scenes that are certainly finished while the text still streams (all but the last, unless ended). */
export function finishedScenes(partial: string, language: Language): Scene[] {
  const p = parseEpisodeText(partial, language);
  const done = p.complete ? p.scenes : p.scenes.slice(0, -1);
  return done.filter((s) => Scene.safeParse(s).success);
}

/** The whole episode, or what is wrong with it (sent back to the model to fix). */
export function parseEpisodeAnswer(
  text: string,
  language: Language,
  limits: { minScenes: number; maxScenes: number },
): Parsed<ParsedEpisode> {
  const p = parseEpisodeText(text, language);
  const zh = language === 'zh';
  if (p.scenes.length === 0)
    return {
      ok: false,
      error: zh ? '没有找到场景标题（格式：场1-1 地点 日 内）' : 'no scene headings (Scene 1-1 INT. Place - DAY)',
    };
  const empty = p.scenes.filter((s) => s.lines.length === 0).map((s) => s.number);
  if (empty.length)
    return { ok: false, error: zh ? `场景${empty.join('、')}没有内容` : `scenes ${empty.join(', ')} are empty` };
  if (p.scenes.length > limits.maxScenes * 2)
    return { ok: false, error: zh ? `场景太多（${p.scenes.length}场）` : `too many scenes (${p.scenes.length})` };
  for (const s of p.scenes) {
    const ok = Scene.safeParse(s);
    if (!ok.success) return { ok: false, error: ok.error.issues[0]?.message ?? 'invalid scene' };
  }
  return { ok: true, value: p };
}
