// 审读 (review): after each episode, the quality report's deterministic checks
// (lib/pipeline/quality checkEpisode) and — when the task's review is on — a critic pass against a
// rubric; at most one targeted rewrite when either finds a fault worth one. After all episodes, a
// continuity pass over names, places and the timeline (near-duplicate episodes are the quality
// report's measure).
import type { LengthRange } from '../length';
import { checkEpisode, type EpisodeCheckContext, type QualityIssue, type SourceIndex } from '../quality';
import type { Episode, Language } from '../schema';
import { canonicalMap, canonicalOf } from './aliases';
import { type Bible, resultCharacters } from './bible';
import type { BeatSheet } from './schemas';

/** Voices that are no one in particular. */
export const GENERIC = /^(旁白|画外音|众人|众|群众|某人|Narrator|Voice|Crowd|All|Everyone|Someone)$/i;

export interface Review {
  /** What a rewrite should fix (or a warning should say when none is made). */
  faults: QualityIssue[];
  /** Beat-sheet events the episode does not stage. */
  missedEvents: number;
}

/** Faults worth a rewrite: the shape (scenes, 卡点, language), invented speakers, most events unstaged. */
export function reviewEpisode(
  ep: Episode,
  ctx: { language: Language; bible: Bible; source: SourceIndex | undefined; range: LengthRange; events: string[] },
): Review {
  const check: EpisodeCheckContext = {
    language: ctx.language,
    cast: resultCharacters(ctx.bible),
    source: ctx.source,
    range: ctx.range,
    events: ctx.events,
  };
  const issues = checkEpisode(ep, check);
  const missed = issues.filter((i) => i.measure === 'coverage');
  const faults = issues.filter(
    (i) =>
      (i.measure === 'scenes' || i.measure === 'invented_speakers' || i.level === 'fail') &&
      !(i.measure === 'cliffhanger' && i.level === 'warn'),
  );
  if (ctx.events.length && missed.length > ctx.events.length / 2) faults.push(...missed);
  return { faults, missedEvents: missed.length };
}

/** Speakers in neither the bible nor the novel. */
export function invented(ep: Episode, bible: Bible, inSource: (name: string) => boolean): string[] {
  const map = canonicalMap(bible.characters);
  const speakers = new Set(ep.scenes.flatMap((s) => s.lines.map((l) => l.character ?? '')).filter(Boolean));
  return [...speakers].filter((n) => !GENERIC.test(n) && !canonicalOf(map, n) && !inSource(n));
}

/** The continuity pass: time running backwards, places outside the planned location list. */
export function continuity(episodes: readonly Episode[], sheets: readonly BeatSheet[], language: Language): string[] {
  const zh = language === 'zh';
  const out: string[] = [];
  let last = 0;
  for (const e of episodes) {
    const first = Math.min(...(e.chapters.length ? e.chapters : [last]));
    if (first < last - 1)
      out.push(zh ? `第${e.number}集回到了前面的章节（时间线倒退）` : `episode ${e.number} goes back in the timeline`);
    last = Math.max(last, first);
  }
  const planned = [...new Set(sheets.flatMap((s) => s.scenes.map((b) => b.place)))];
  for (const e of episodes)
    for (const s of e.scenes)
      if (planned.length && !planned.some((p) => p.includes(s.location) || s.location.includes(p)))
        out.push(
          zh
            ? `第${e.number}集场${s.number}的地点“${s.location}”不在场景表中`
            : `episode ${e.number} scene ${s.number}: place "${s.location}" is not in the location list`,
        );
  return out;
}
