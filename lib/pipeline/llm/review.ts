// 审读 (review): after each episode, the deterministic checks below and — when the task's review
// is on — a critic pass against a rubric; at most one targeted rewrite when either finds a fault.
// After all episodes, a continuity pass over names, places, timeline and repeated episodes.
// The deterministic checks stand in for lib/pipeline/quality's checkEpisode until it is on main.
import { episodeText } from '../export/txt';
import type { Episode, Language } from '../schema';
import { detectLanguage, sourceUnits } from '../text/text';
import { canonicalMap, canonicalOf } from './aliases';
import type { Bible } from './bible';
import type { Event } from './notes';
import type { BeatSheet } from './schemas';

export interface Issue {
  code: 'scenes' | 'hook' | 'language' | 'invented_speaker' | 'events' | 'length';
  message: string;
}

/** Voices that are no one in particular. */
export const GENERIC = /^(旁白|画外音|众人|众|群众|某人|Narrator|Voice|Crowd|All|Everyone|Someone)$/i;

/** Words or character pairs of a text, for "does the episode stage this event". */
function grams(text: string, language: Language): Set<string> {
  if (language === 'en') return new Set((text.toLowerCase().match(/[a-z']{4,}/g) ?? []).filter((w) => !STOP.has(w)));
  const cjk = text.replace(/[^\u4e00-\u9fff]/g, '');
  const out = new Set<string>();
  for (let i = 0; i + 1 < cjk.length; i++) out.add(cjk.slice(i, i + 2));
  return out;
}
const STOP = new Set(['that', 'this', 'with', 'from', 'they', 'were', 'have', 'what', 'when', 'then', 'said', 'into']);

/** Share of an event's words that the episode's text contains. */
export function eventCovered(e: Event, text: Set<string>, language: Language): boolean {
  const g = [...grams(e.text, language)];
  if (g.length === 0) return true;
  return g.filter((x) => text.has(x)).length / g.length >= 0.35;
}

export interface CheckContext {
  language: Language;
  target: number;
  events: readonly Event[];
  bible: Bible;
  inSource(name: string): boolean;
}

export function invented(ep: Episode, ctx: Pick<CheckContext, 'bible' | 'inSource'>): string[] {
  const map = canonicalMap(ctx.bible.characters);
  const speakers = new Set(ep.scenes.flatMap((s) => s.lines.map((l) => l.character ?? '')).filter(Boolean));
  return [...speakers].filter((n) => !GENERIC.test(n) && !canonicalOf(map, n) && !ctx.inSource(n));
}

export function checkEpisodeLocal(ep: Episode, ctx: CheckContext): Issue[] {
  const zh = ctx.language === 'zh';
  const issues: Issue[] = [];
  const text = episodeText(ep, ctx.language);
  if (ep.scenes.length < 3 || ep.scenes.length > 5)
    issues.push({
      code: 'scenes',
      message: zh ? `${ep.scenes.length}场，应为3–5场` : `${ep.scenes.length} scenes, not 3–5`,
    });
  if (!ep.hook.trim()) issues.push({ code: 'hook', message: zh ? '结尾没有【卡点】' : 'no [Hook] at the end' });
  const body = ep.scenes.flatMap((s) => s.lines.map((l) => l.text)).join('\n');
  if (detectLanguage(body) !== ctx.language)
    issues.push({ code: 'language', message: zh ? '不是中文' : 'not in English' });
  const who = invented(ep, ctx);
  if (who.length)
    issues.push({
      code: 'invented_speaker',
      message: zh
        ? `原著和人物表里都没有的角色：${who.join('、')}`
        : `characters in neither the novel nor the cast: ${who.join(', ')}`,
    });
  const g = grams(text, ctx.language);
  const missed = ctx.events.filter((e) => !eventCovered(e, g, ctx.language));
  if (ctx.events.length && missed.length / ctx.events.length > 0.5)
    issues.push({
      code: 'events',
      message: zh
        ? `没有演出节拍表里的事件 ${missed.map((e) => e.id).join('、')}`
        : `the beat sheet's events ${missed.map((e) => e.id).join(', ')} are not staged`,
    });
  const units = sourceUnits(body, ctx.language);
  if (units < ctx.target / 3 || units > ctx.target * 2)
    issues.push({
      code: 'length',
      message: zh ? `长度${units}字，目标约${ctx.target}字` : `${units} words, the target is about ${ctx.target}`,
    });
  return issues;
}

/** The continuity pass: repeated episodes, time running backwards, places outside the location list. */
export function continuity(episodes: readonly Episode[], sheets: readonly BeatSheet[], language: Language): string[] {
  const zh = language === 'zh';
  const out: string[] = [];
  const texts = episodes.map((e) => grams(episodeText(e, language), language));
  for (let i = 0; i < episodes.length; i++)
    for (let j = i + 1; j < episodes.length; j++) {
      const a = texts[i] as Set<string>;
      const b = texts[j] as Set<string>;
      const inter = [...a].filter((x) => b.has(x)).length;
      const jaccard = inter / Math.max(1, a.size + b.size - inter);
      if (jaccard > 0.6)
        out.push(
          zh
            ? `第${episodes[i]?.number}集与第${episodes[j]?.number}集内容几乎重复`
            : `episodes ${episodes[i]?.number} and ${episodes[j]?.number} nearly repeat each other`,
        );
    }
  let last = 0;
  for (const e of episodes) {
    const first = Math.min(...(e.chapters.length ? e.chapters : [last]));
    if (first < last - 1)
      out.push(zh ? `第${e.number}集回到了前面的章节（时间线倒退）` : `episode ${e.number} goes back in the timeline`);
    last = Math.max(last, first);
  }
  const planned = new Set(sheets.flatMap((s) => s.scenes.map((b) => b.place)));
  for (const e of episodes)
    for (const s of e.scenes)
      if (
        planned.size &&
        !planned.has(s.location) &&
        ![...planned].some((p) => p.includes(s.location) || s.location.includes(p))
      )
        out.push(
          zh
            ? `第${e.number}集场${s.number}的地点“${s.location}”不在场景表中`
            : `episode ${e.number} scene ${s.number}: place "${s.location}" is not in the location list`,
        );
  return out;
}
