// Episode planning: how many episodes, and which stretch of which chapter each one adapts. With
// a requested count the plan has exactly that many episodes: chapters are grouped when there are
// more chapters than episodes, and split (by paragraphs, then sentences) when there are fewer.
import type { Language } from '../schema';
import type { Chapter } from '../text/chapters';
import { type Paragraph, sourceUnits, splitParagraphs, splitSentences } from '../text/text';

export interface Segment {
  chapter: Chapter;
  paragraphs: Paragraph[];
  /** 1-based part of the chapter this segment is, and how many parts the chapter has. */
  part: number;
  parts: number;
}

export interface EpisodePlan {
  number: number;
  chapters: number[];
  segments: Segment[];
  /** True when the source was too short and this episode repeats a stretch of text. */
  repeated: boolean;
}

/** Source units (zh characters, en words) per episode when no count is requested. */
export const UNITS_PER_EPISODE = 2000;
/**
 * The offline engine's own share per episode: what its lines condense into 1–3 minutes (a 2
 * minute episode is 600 字 / 300 words of script; dialogue and one line per paragraph of
 * narration come to about 40 % of Chinese and of English source text).
 */
export const OFFLINE_UNITS_PER_EPISODE: Record<Language, number> = { zh: 1500, en: 750 };
export const MIN_EPISODES = 3;
export const MAX_EPISODES = 60;

/** Split `weights` into exactly k contiguous non-empty groups of similar total weight. */
export function partition(weights: readonly number[], k: number): number[][] {
  const n = weights.length;
  const groups: number[][] = [];
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  let i = 0;
  let cum = 0;
  for (let g = 0; g < k; g++) {
    const group: number[] = [];
    const target = (total * (g + 1)) / k;
    const mustLeave = k - g - 1;
    while (i < n - mustLeave) {
      const w = weights[i] ?? 0;
      // stop before an item that would overshoot the target by more than half of it
      if (group.length > 0 && cum + w / 2 > target && g < k - 1) break;
      group.push(i);
      cum += w;
      i++;
    }
    groups.push(group);
  }
  return groups;
}

/** Share `total` slots among items by weight (D'Hondt), at least one each, at most `caps`. */
export function apportion(weights: readonly number[], caps: readonly number[], total: number): number[] {
  const seats = weights.map(() => 1);
  for (let left = total - weights.length; left > 0; left--) {
    let best = -1;
    for (let i = 0; i < weights.length; i++) {
      if ((seats[i] ?? 0) >= (caps[i] ?? 0)) continue;
      if (best < 0 || (weights[i] ?? 0) / ((seats[i] ?? 0) + 1) > (weights[best] ?? 0) / ((seats[best] ?? 0) + 1))
        best = i;
    }
    if (best < 0) break;
    seats[best] = (seats[best] ?? 0) + 1;
  }
  return seats;
}

/** Number of episodes for a novel of this size when none is requested. */
export function defaultEpisodeCount(units: number, perEpisode = UNITS_PER_EPISODE): number {
  return Math.min(MAX_EPISODES, Math.max(MIN_EPISODES, Math.round(units / perEpisode)));
}

/**
 * What a stretch of text costs in script time: speech is kept nearly whole, narration shrinks to
 * about a third, so episodes are cut by this weight and a talky stretch gets more episodes.
 */
export function scriptWeight(text: string, language: Language): number {
  const quoted = text.match(/“[^“”]*”|「[^「」]*」|"[^"]*"/g)?.join('') ?? '';
  const speech = sourceUnits(quoted, language);
  return speech + (sourceUnits(text, language) - speech) / 3;
}

/** The paragraphs of a chapter, re-split into sentences when more pieces are needed. */
function unitsOf(chapter: Chapter, language: Language, wanted: number): Paragraph[] {
  const paragraphs = splitParagraphs(chapter.text, language);
  if (paragraphs.length >= wanted) return paragraphs;
  const sentences = paragraphs.flatMap((p) =>
    splitSentences(p.text, language).map((s) => ({ text: s, start: p.start })),
  );
  return sentences.length > paragraphs.length ? sentences : paragraphs;
}

export function planEpisodes(chapters: readonly Chapter[], language: Language, requested?: number): EpisodePlan[] {
  const size = (t: string) => Math.max(1, scriptWeight(t, language));
  const weights = chapters.map((c) => size(c.text));
  const sourceSize = chapters.reduce((n, c) => n + sourceUnits(c.text, language), 0);
  const paragraphCount = chapters.reduce((s, c) => s + Math.max(1, splitParagraphs(c.text, language).length), 0);
  const n =
    requested && requested > 0
      ? Math.floor(requested)
      : Math.min(defaultEpisodeCount(sourceSize, OFFLINE_UNITS_PER_EPISODE[language]), paragraphCount);
  const plans: EpisodePlan[] = [];
  const push = (segments: Segment[], repeated = false) =>
    plans.push({
      number: plans.length + 1,
      chapters: [...new Set(segments.map((s) => s.chapter.number))],
      segments,
      repeated,
    });
  if (n <= chapters.length) {
    for (const group of partition(weights, n)) {
      push(
        group.map((i) => {
          const chapter = chapters[i] as Chapter;
          return { chapter, paragraphs: splitParagraphs(chapter.text, language), part: 1, parts: 1 };
        }),
      );
    }
    return plans;
  }
  // more episodes than chapters: each chapter gets a share, split on paragraph boundaries
  const caps = chapters.map((c) => Math.max(1, unitsOf(c, language, n).length));
  const shares = apportion(weights, caps, n);
  let missing = n - shares.reduce((a, b) => a + b, 0);
  chapters.forEach((chapter, ci) => {
    const share = shares[ci] ?? 1;
    const units = unitsOf(chapter, language, share);
    const pieces = partition(
      units.map((u) => size(u.text)),
      Math.min(share, Math.max(1, units.length)),
    );
    pieces.forEach((idx, k) => {
      push([{ chapter, paragraphs: idx.map((i) => units[i] as Paragraph), part: k + 1, parts: pieces.length }]);
    });
    // a source too short for the count: the last piece of the longest chapters repeats
    while (missing > 0 && ci === chapters.length - 1) {
      const last = plans[plans.length - 1] as EpisodePlan;
      push(last.segments, true);
      missing--;
    }
  });
  return plans;
}
