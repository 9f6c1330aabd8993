// 分集大纲: exactly the requested number of episodes, each with its 卡点 hook and the chapters it
// adapts. The model is told what is wrong when its outline misses a chapter or the count; what it
// still gets wrong is fixed here (and reported) so the script always covers the whole book.

import type { Chapter } from '../offline';
import { defaultEpisodeCount } from '../offline';
import type { Language } from '../schema';
import { sourceUnits } from '../text/text';
import { chapterNotes } from './bible';
import { workOf } from './progress';
import type { Run } from './run';
import { type Bible, type ChunkSummary, checkOutline, Outline, type OutlineEpisode } from './schemas';
import { piece } from './store';

export function episodeCount(chapters: readonly Chapter[], language: Language, requested?: number): number {
  if (requested && requested > 0) return Math.floor(requested);
  return defaultEpisodeCount(chapters.reduce((s, c) => s + sourceUnits(c.text, language), 0));
}

export const outlineWork = (episodes: number, chapters: number) => workOf(chapters * 200 + 1500, episodes * 160);

/** Make an outline valid: numbered 1..n, exactly `count` episodes, every chapter covered. */
export function fixOutline(
  o: Outline,
  count: number,
  chapters: readonly number[],
): { outline: Outline; fixed: boolean } {
  const known = new Set(chapters);
  let eps: OutlineEpisode[] = o.episodes.map((e) => ({ ...e, chapters: e.chapters.filter((n) => known.has(n)) }));
  const before = JSON.stringify(o.episodes);
  eps = eps.slice(0, count);
  while (eps.length < count) {
    // split the episode covering the most chapters, or repeat the last one's chapters
    const last = eps[eps.length - 1];
    const n = eps.length + 1;
    eps.push({
      number: n,
      title: last?.title ?? `${n}`,
      summary: last?.summary ?? '',
      hook: last?.hook ?? '',
      chapters: last?.chapters.slice(-1) ?? [chapters[chapters.length - 1] ?? 1],
    });
  }
  eps.forEach((e, i) => {
    e.number = i + 1;
  });
  for (const e of eps) if (e.chapters.length === 0) e.chapters = [chapters[0] ?? 1];
  const covered = new Set(eps.flatMap((e) => e.chapters));
  for (const c of chapters) {
    if (covered.has(c)) continue;
    // the episode whose chapters are nearest to c takes it
    const best = eps.reduce((b, e) =>
      Math.min(...e.chapters.map((x) => Math.abs(x - c))) < Math.min(...b.chapters.map((x) => Math.abs(x - c))) ? e : b,
    );
    best.chapters = [...best.chapters, c].sort((a, b) => a - b);
  }
  const outline = { episodes: eps };
  return { outline, fixed: JSON.stringify(eps) !== before };
}

export async function writeOutline(
  run: Run,
  chapters: readonly Chapter[],
  summaries: readonly ChunkSummary[],
  bible: Bible,
  count: number,
): Promise<{ outline: Outline; fixed: boolean }> {
  await run.progress.enter('outline');
  const numbers = chapters.map((c) => c.number);
  const input = {
    title: run.title,
    episodes: count,
    synopsis: bible.synopsis,
    chapters: JSON.stringify(chapterNotes(chapters, summaries, 4)),
    characters: JSON.stringify(bible.characters.map((c) => ({ name: c.name, role: c.role }))),
    episodeLength: run.episodeLength,
    style: run.style,
  };
  const { value, fresh } = await piece(run.ctx, run.meter, `outline:${count}`, Outline, (m) =>
    run.session.ask(
      {
        step: 'outline',
        ...run.prompts.outline(input),
        format: { kind: 'json', schema: Outline },
        check: (o) => checkOutline(o, count, numbers),
        lenient: true,
        maxTokens: Math.max(2000, count * 400),
        temperature: 0.4,
      },
      m,
    ),
  );
  await run.progress.finish(outlineWork(count, chapters.length), fresh);
  return fixOutline(value, count, numbers);
}
