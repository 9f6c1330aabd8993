// Episodes → scenes → lines. Each planned episode is cut into 1–5 scenes (3–5 when there is
// enough text), each scene gets a heading guessed from keywords and the beats of its paragraphs.
import { episodeLengthRange } from '../length';
import type { Episode, Language, Scene, ScriptLine } from '../schema';
import type { Chapter } from '../text/chapters';
import { clip, type Paragraph, sourceUnits, splitSentences, stripMarkup } from '../text/text';
import { condenseEpisode, expandEpisode } from './condense';
import { type Beat, extractDialogueWith, isFirstPersonText, narrationBeat } from './dialogue';
import { hookOf } from './hook';
import { GENERIC_PLACE, guessInterior, guessPlace, guessTime, type Setting } from './locations';
import { labels } from './messages';
import { buildMatcher, type NameMatcher, type NameRef } from './names';
import { apportion, type EpisodePlan, partition, planEpisodes, type Segment } from './plan';

export interface LayoutContext {
  /** Language of the source text (drives extraction). */
  language: Language;
  /** Language of generated labels (unknown speaker, transitions). */
  output: Language;
  characters: readonly NameRef[];
  matcher: NameMatcher;
  /** Target size of one episode's lines (zh characters / en words), held inside 1–3 minutes. */
  episodeLength?: number | undefined;
}

/** Source units per scene used to aim at 3–5 scenes. */
const SCENE_UNITS: Record<Language, number> = { zh: 500, en: 350 };
const MAX_SCENES = 5;
const MIN_SCENES = 3;

interface ScenePart {
  segment: Segment;
  beats: Beat[];
  paragraphs: Paragraph[];
}

function beatsOf(segment: Segment, ctx: LayoutContext): Beat[][] {
  const joined = segment.paragraphs.map((p) => p.text).join(ctx.language === 'zh' ? '\n' : '\n\n');
  const { beats, paragraphs } = extractDialogueWith(joined, ctx.language, ctx.matcher);
  const out: Beat[][] = segment.paragraphs.map(() => []);
  const n = segment.paragraphs.length;
  for (const b of beats) {
    // paragraphs re-split the same way; map proportionally if they ever differ
    const i = paragraphs === n ? b.paragraph : Math.min(n - 1, Math.floor((b.paragraph * n) / Math.max(1, paragraphs)));
    out[i]?.push(b);
  }
  // the closing line of a chapter stays, however short ("I never went back.")
  const last = segment.paragraphs[n - 1];
  if (last && segment.part === segment.parts && out[n - 1]?.length === 0)
    out[n - 1]?.push(narrationBeat(last.text, n - 1, ctx.language, ctx.matcher));
  return out;
}

/** Split the episode's segments into scene parts: whole segments grouped, or segments cut. */
function sceneParts(plan: EpisodePlan, ctx: LayoutContext): ScenePart[][] {
  const size = (ps: Paragraph[]) => Math.max(1, sourceUnits(ps.map((p) => p.text).join(''), ctx.language));
  const weights = plan.segments.map((s) => size(s.paragraphs));
  const total = weights.reduce((a, b) => a + b, 0);
  const paragraphs = plan.segments.reduce((s, seg) => s + Math.max(1, seg.paragraphs.length), 0);
  const aim = Math.min(MAX_SCENES, Math.max(MIN_SCENES, Math.round(total / SCENE_UNITS[ctx.language])));
  const count = Math.max(1, Math.min(aim, paragraphs));
  const beats = plan.segments.map((s) => beatsOf(s, ctx));
  const part = (si: number, idx: number[]): ScenePart => {
    const segment = plan.segments[si] as Segment;
    return {
      segment,
      paragraphs: idx.map((i) => segment.paragraphs[i] as Paragraph),
      beats: idx.flatMap((i) => beats[si]?.[i] ?? []),
    };
  };
  const all = (si: number) => (plan.segments[si]?.paragraphs ?? []).map((_, i) => i);
  if (plan.segments.length >= count)
    return partition(weights, count).map((group) => group.map((si) => part(si, all(si))));
  const caps = plan.segments.map((s) => Math.max(1, s.paragraphs.length));
  const seats = apportion(weights, caps, count);
  return plan.segments.flatMap((seg, si) => {
    const k = Math.min(seats[si] ?? 1, Math.max(1, seg.paragraphs.length));
    if (seg.paragraphs.length === 0) return [[part(si, [])]];
    return partition(
      seg.paragraphs.map((p) => size([p])),
      k,
    ).map((idx) => [part(si, idx)]);
  });
}

/** Narration lines' fuller texts (up to three sentences), for an episode under a minute. */
const FULLER = new WeakMap<ScriptLine, string>();

function toLine(b: Beat, ctx: LayoutContext): ScriptLine {
  const line: ScriptLine =
    b.type === 'action'
      ? { type: 'action', text: b.text }
      : { type: b.type, character: b.character ?? labels(ctx.output).unknownSpeaker, text: b.text };
  if (b.type !== 'action' && b.parenthetical) line.parenthetical = b.parenthetical;
  if (b.fuller) FULLER.set(line, b.fuller);
  return line;
}

/** The place of a scene: its own text, the scene before, the chapter so far, the chapter, or a
 * neutral 室内/室外 — never a numeral or a chapter title. */
function placeOf(text: string, part: ScenePart | undefined, previous: Setting | null, ctx: LayoutContext): Setting {
  const own = guessPlace(text, ctx.language);
  if (own) return own;
  if (previous) return previous;
  const chapter = part?.segment.chapter;
  const at = part?.paragraphs[0]?.start ?? 0;
  const before = chapter ? guessPlace(chapter.text.slice(Math.max(0, at - 2000), at), ctx.language) : null;
  const whole = chapter ? guessPlace(chapter.text, ctx.language) : null;
  const interior = guessInterior(text, ctx.language);
  return before ?? whole ?? { location: GENERIC_PLACE[ctx.language][interior], interior };
}

function buildScene(number: number, parts: ScenePart[], ctx: LayoutContext, previous: Setting | null): Scene {
  const text = parts.flatMap((p) => p.paragraphs.map((pa) => pa.text)).join('\n');
  const first = parts[0]?.segment.chapter as Chapter;
  const place = placeOf(text, parts[0], previous, ctx);
  const beats = parts.flatMap((p) => p.beats);
  const lines = beats.map((b) => toLine(b, ctx));
  if (lines.length === 0) lines.push({ type: 'action', text: clip(stripMarkup(text), 60) || first.title });
  const present = new Set<string>();
  for (const m of ctx.matcher.all(text)) present.add(m.name);
  for (const b of beats) if (b.character) present.add(b.character);
  const narrator = ctx.matcher.narrator;
  if (narrator && isFirstPersonText(text.replace(/“[^”]*”|"[^"]*"/g, ''), ctx.language)) present.add(narrator);
  const characters = ctx.characters.map((c) => c.name).filter((n) => present.has(n));
  return {
    number,
    location: place.location,
    time: guessTime(text, ctx.language),
    interior: place.interior,
    characters,
    lines,
  };
}

function summaryOf(paragraphs: Paragraph[], language: Language): string {
  const min = language === 'zh' ? 8 : 30;
  const picked: string[] = [];
  for (const p of paragraphs) {
    if (/^[“「"‘]/.test(p.text)) continue;
    for (const s of splitSentences(stripMarkup(p.text), language)) {
      if (s.length >= min && !/^[“「"‘]/.test(s)) picked.push(s);
      if (picked.length === 2) break;
    }
    if (picked.length === 2) break;
  }
  return clip(picked.join(language === 'zh' ? '' : ' '), language === 'zh' ? 120 : 300);
}

function titleOf(plan: EpisodePlan, output: Language): string {
  const l = labels(output);
  const first = plan.segments[0];
  const last = plan.segments[plan.segments.length - 1];
  if (!first || !last) return String(plan.number);
  if (first.chapter.number === last.chapter.number)
    return first.parts > 1 ? `${first.chapter.title}${l.part(first.part, first.parts)}` : first.chapter.title;
  return `${first.chapter.title}${l.join}${last.chapter.title}`;
}

/** The line that closes a chapter, when this episode holds the chapter's end. */
function closingLines(plan: EpisodePlan, scenes: Scene[]): ScriptLine[] {
  const ends = plan.segments.some((s) => s.part === s.parts);
  const last = scenes[scenes.length - 1]?.lines;
  return ends && last?.length ? [last[last.length - 1] as ScriptLine] : [];
}

/** The hook as the episode's last line when the lines do not already stage it. */
function stageHook(scenes: Scene[], hook: string, ctx: LayoutContext): void {
  const last = scenes[scenes.length - 1];
  if (!last || !hook) return;
  const probe = hook.replace(/^[^：:“]{1,12}[：:]\s*“/, '').slice(0, 12);
  if (scenes.some((s) => s.lines.some((l) => l.text.includes(probe)))) return;
  const narrator = ctx.matcher.narrator;
  last.lines.push(
    narrator && isFirstPersonText(hook, ctx.language)
      ? { type: 'os', character: narrator, text: hook }
      : { type: 'action', text: hook },
  );
}

export interface LaidOutEpisode {
  episode: Episode;
  /** Spoken lines dropped, and long speeches shortened, to keep the episode inside 3 minutes. */
  droppedDialogue: number;
  shortenedDialogue: number;
}

/** One episode of the script from its plan, with what condensing it cost. */
export function layoutEpisodeWithReport(plan: EpisodePlan, ctx: LayoutContext): LaidOutEpisode {
  const scenes: Scene[] = [];
  for (const parts of sceneParts(plan, ctx)) {
    const prev = scenes[scenes.length - 1];
    scenes.push(
      buildScene(scenes.length + 1, parts, ctx, prev ? { location: prev.location, interior: prev.interior } : null),
    );
  }
  const paragraphs = plan.segments.flatMap((s) => s.paragraphs);
  const hook = hookOf(scenes, paragraphs, ctx.language, ctx.output);
  stageHook(scenes, hook, ctx);
  const limits = episodeLengthRange(ctx.language, ctx.episodeLength);
  const cost = condenseEpisode(scenes, limits, ctx.language, {
    unknownSpeaker: labels(ctx.output).unknownSpeaker,
    hook,
    keep: new Set(closingLines(plan, scenes)),
  });
  // a fuller △ line that turns to the first person would have to be OS: it stays short
  const firstPerson = (t: string) => Boolean(ctx.matcher.narrator) && isFirstPersonText(t, ctx.language);
  expandEpisode(scenes, limits.min, ctx.language, (l) => {
    const more = FULLER.get(l);
    return more && !(l.type === 'action' && firstPerson(more) && !firstPerson(l.text)) ? more : undefined;
  });
  scenes.forEach((s, i) => {
    if (i < scenes.length - 1) s.lines.push({ type: 'transition', text: labels(ctx.output).transition });
  });
  const episode: Episode = {
    number: plan.number,
    title: titleOf(plan, ctx.output) || String(plan.number),
    summary: summaryOf(paragraphs, ctx.language),
    hook,
    chapters: plan.chapters,
    scenes,
  };
  return { episode, droppedDialogue: cost.droppedDialogue, shortenedDialogue: cost.shortenedDialogue };
}

/** One episode of the script from its plan. */
export const layoutEpisode = (plan: EpisodePlan, ctx: LayoutContext): Episode =>
  layoutEpisodeWithReport(plan, ctx).episode;

/** Every episode at once (the engine lays them out one by one to checkpoint and report). */
export function layoutEpisodes(
  chapters: readonly Chapter[],
  characters: readonly NameRef[],
  options: { language: Language; output?: Language; episodes?: number | undefined; episodeLength?: number | undefined },
): Episode[] {
  const ctx: LayoutContext = {
    language: options.language,
    output: options.output ?? options.language,
    characters,
    matcher: buildMatcher(characters, options.language),
    episodeLength: options.episodeLength,
  };
  return planEpisodes(chapters, options.language, options.episodes).map((p) => layoutEpisode(p, ctx));
}
