// One zod schema per structured step. Every field is required (strict json_schema wants that);
// empty arrays and strings stand for "none".
import { z } from 'zod';
import { Character } from '../schema';

export const Quote = z.object({ speaker: z.string(), line: z.string() });

/** 分段摘要: what one chunk of the novel holds, chapter by chapter. */
export const ChunkSummary = z.object({
  chapters: z.array(
    z.object({
      number: z.number().int(),
      /** Key events in order, each one sentence. */
      events: z.array(z.string()),
      /** Lines worth keeping verbatim for the script. */
      quotes: z.array(Quote),
    }),
  ),
  characters: z.array(z.object({ name: z.string().min(1), aliases: z.array(z.string()), description: z.string() })),
  places: z.array(z.string()),
});
export type ChunkSummary = z.infer<typeof ChunkSummary>;

/** 梗概与人物: the reduce over every chunk summary. */
export const Bible = z.object({
  logline: z.string().min(1),
  synopsis: z.string().min(1),
  characters: z.array(Character).min(1),
});
export type Bible = z.infer<typeof Bible>;

export const OutlineEpisode = z.object({
  number: z.number().int().positive(),
  title: z.string().min(1),
  summary: z.string().min(1),
  /** The 卡点 the episode ends on. */
  hook: z.string().min(1),
  chapters: z.array(z.number().int().positive()).min(1),
});
export type OutlineEpisode = z.infer<typeof OutlineEpisode>;

/** 分集大纲. */
export const Outline = z.object({ episodes: z.array(OutlineEpisode).min(1) });
export type Outline = z.infer<typeof Outline>;

/** What is wrong with a chunk summary for these chapters, or null. */
export function checkChunk(s: ChunkSummary, chapters: readonly number[]): string | null {
  const got = new Set(s.chapters.map((c) => c.number));
  const missing = chapters.filter((n) => !got.has(n));
  if (missing.length) return `chapters ${missing.join(', ')} are missing from "chapters"`;
  const extra = [...got].filter((n) => !chapters.includes(n));
  if (extra.length) return `chapters ${extra.join(', ')} are not in this text`;
  return null;
}

/** What is wrong with an outline, or null: the count, numbering and chapter coverage. */
export function checkOutline(o: Outline, episodes: number, chapters: readonly number[]): string | null {
  if (o.episodes.length !== episodes) return `there must be exactly ${episodes} episodes, not ${o.episodes.length}`;
  const bad = o.episodes.filter((e, i) => e.number !== i + 1);
  if (bad.length) return 'episodes must be numbered 1, 2, 3… in order';
  const known = new Set(chapters);
  const unknown = o.episodes.flatMap((e) => e.chapters).filter((n) => !known.has(n));
  if (unknown.length) return `chapters ${[...new Set(unknown)].join(', ')} do not exist`;
  const covered = new Set(o.episodes.flatMap((e) => e.chapters));
  const missing = chapters.filter((n) => !covered.has(n));
  if (missing.length) return `chapters ${missing.join(', ')} are not in any episode; every chapter needs one`;
  return null;
}
