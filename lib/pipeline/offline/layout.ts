// Episodes → scenes → lines. Each planned episode is cut into 1–5 scenes (3–5 when there is
// enough text), each scene gets a heading guessed from keywords and the beats of its paragraphs.
import type { Episode, Language, Scene, ScriptLine } from '../schema';
import type { Chapter } from '../text/chapters';
import { clip, type Paragraph, sourceUnits, splitSentences, stripMarkup } from '../text/text';
import { type Beat, extractDialogueWith } from './dialogue';
import { guessInterior, guessPlace, guessTime } from './locations';
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
  /** Target size of one episode's lines (zh characters / en words); action lines are thinned above it. */
  episodeLength?: number | undefined;
}

/** Default size of an episode's lines when none is requested (zh characters, en words). */
export const DEFAULT_EPISODE_LENGTH: Record<Language, number> = { zh: 1500, en: 1200 };

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

function toLine(b: Beat, ctx: LayoutContext): ScriptLine {
  if (b.type === 'action') return { type: 'action', text: b.text };
  const line: ScriptLine = { type: b.type, character: b.character ?? labels(ctx.output).unknownSpeaker, text: b.text };
  if (b.parenthetical) line.parenthetical = b.parenthetical;
  return line;
}

function buildScene(number: number, parts: ScenePart[], ctx: LayoutContext): Scene {
  const text = parts.flatMap((p) => p.paragraphs.map((pa) => pa.text)).join('\n');
  const first = parts[0]?.segment.chapter as Chapter;
  const place = guessPlace(text, ctx.language) ?? guessPlace(first.text, ctx.language);
  const location = place?.location ?? first.title;
  const beats = parts.flatMap((p) => p.beats);
  const lines = beats.map((b) => toLine(b, ctx));
  if (lines.length === 0) lines.push({ type: 'action', text: clip(stripMarkup(text), 60) || first.title });
  const present = new Set<string>();
  for (const m of ctx.matcher.all(text)) present.add(m.name);
  for (const b of beats) if (b.character) present.add(b.character);
  const characters = ctx.characters.map((c) => c.name).filter((n) => present.has(n));
  return {
    number,
    location,
    time: guessTime(text, ctx.language),
    interior: place?.interior ?? guessInterior(text, ctx.language),
    characters,
    lines,
  };
}

/** Thin action lines evenly (never a scene's only line) until the episode fits the budget. */
function fitBudget(scenes: Scene[], budget: number | undefined, language: Language): void {
  if (!budget) return;
  const size = () => scenes.reduce((s, sc) => s + sc.lines.reduce((t, l) => t + sourceUnits(l.text, language), 0), 0);
  const total = size();
  if (total <= budget) return;
  const keep = budget / total;
  let seen = 0;
  for (const scene of scenes) {
    scene.lines = scene.lines.filter((l, i) => {
      if (l.type !== 'action' || i === 0) return true;
      seen++;
      return Math.floor(seen * keep) !== Math.floor((seen - 1) * keep);
    });
  }
}

const isTense = (s: string) => /[！？!?…]["”’」]*$/.test(s);

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

function hookOf(scenes: Scene[], paragraphs: Paragraph[], language: Language, output: Language): string {
  const lines = scenes.flatMap((s) => s.lines).filter((l) => l.type !== 'transition');
  const tail = lines.slice(Math.floor(lines.length * 0.66));
  const unknown = labels(output).unknownSpeaker;
  const spoken = [...tail].reverse().filter((l) => l.type === 'dialogue');
  const last = spoken.find((l) => l.character !== unknown) ?? spoken[0];
  const max = language === 'zh' ? 100 : 200;
  if (last?.character)
    return clip(language === 'zh' ? `${last.character}：“${last.text}”` : `${last.character}: “${last.text}”`, max);
  const sentences = paragraphs.slice(-3).flatMap((p) => splitSentences(stripMarkup(p.text), language));
  const tense = [...sentences].reverse().find(isTense);
  return clip(tense ?? sentences[sentences.length - 1] ?? '', max);
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

/** One episode of the script from its plan. */
export function layoutEpisode(plan: EpisodePlan, ctx: LayoutContext): Episode {
  const groups = sceneParts(plan, ctx);
  const scenes = groups.map((parts, i) => buildScene(i + 1, parts, ctx));
  fitBudget(scenes, ctx.episodeLength ?? DEFAULT_EPISODE_LENGTH[ctx.language], ctx.language);
  const paragraphs = plan.segments.flatMap((s) => s.paragraphs);
  const hook = hookOf(scenes, paragraphs, ctx.language, ctx.output);
  scenes.forEach((s, i) => {
    if (i < scenes.length - 1) s.lines.push({ type: 'transition', text: labels(ctx.output).transition });
  });
  return {
    number: plan.number,
    title: titleOf(plan, ctx.output) || String(plan.number),
    summary: summaryOf(paragraphs, ctx.language),
    hook,
    chapters: plan.chapters,
    scenes,
  };
}

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
