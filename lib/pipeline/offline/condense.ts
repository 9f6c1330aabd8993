// Holding an episode inside the 1–3 minute band by condensing narration before dialogue: action
// lines thin out first (never a scene's first line), then OS lines, then long speeches keep their
// opening sentences, and only then are the least important spoken lines dropped — never the hook.
import { lengthUnits as scriptUnits } from '../length';
import type { Language, Scene, ScriptLine } from '../schema';
import { clip, splitSentences } from '../text/text';

export interface Condensed {
  /** Spoken lines dropped to fit (0 when narration alone was enough). */
  droppedDialogue: number;
  /** Long speeches cut to their opening sentences to fit. */
  shortenedDialogue: number;
}

const size = (scenes: Scene[], language: Language) =>
  scenes.reduce((s, sc) => s + sc.lines.reduce((t, l) => t + scriptUnits(l.text, language), 0), 0);

/** Drop lines matching `droppable` evenly across the episode until it fits or none are left. */
function thin(scenes: Scene[], budget: number, language: Language, droppable: (l: ScriptLine, i: number) => boolean) {
  const total = size(scenes, language);
  if (total <= budget) return;
  const candidates = scenes.flatMap((sc) => sc.lines.filter((l, i) => droppable(l, i)));
  const excess = total - budget;
  const weight = candidates.reduce((s, l) => s + scriptUnits(l.text, language), 0);
  if (weight === 0) return;
  // keep a share of the candidates, evenly spread, so no stretch of the story goes dark
  const keep = Math.max(0, 1 - excess / weight);
  let seen = 0;
  for (const scene of scenes) {
    scene.lines = scene.lines.filter((l, i) => {
      if (!droppable(l, i)) return true;
      seen++;
      return Math.floor(seen * keep) !== Math.floor((seen - 1) * keep);
    });
  }
}

/** A speech's opening sentences within `max` units (verbatim, marked … when cut). */
function opening(text: string, max: number, language: Language): string {
  const sentences = splitSentences(text, language);
  let out = '';
  for (const s of sentences) {
    const next = out ? `${out}${language === 'zh' ? '' : ' '}${s}` : s;
    if (out && scriptUnits(next, language) > max) return `${out}…`;
    out = next;
  }
  return scriptUnits(out, language) > max * 1.5 ? clip(out, language === 'zh' ? max : max * 6) : out;
}

/** A named speaker's question or outcry: the last spoken lines to go. */
const isKey = (l: ScriptLine, unknown: string) =>
  l.character !== undefined && l.character !== unknown && /[？?！!]/.test(l.text);

/**
 * Narration is condensed toward the target; spoken lines are touched only while the episode is
 * still over the 3-minute ceiling. Lines in `keep` (the closing line of a chapter) stay.
 */
export function condenseEpisode(
  scenes: Scene[],
  limits: { target: number; max: number },
  language: Language,
  opts: { unknownSpeaker: string; hook: string; keep?: ReadonlySet<ScriptLine> },
): Condensed {
  const kept = (l: ScriptLine) => opts.keep?.has(l) || opts.hook.includes(l.text.slice(0, 12));
  const spoken = (l: ScriptLine) => l.type === 'dialogue';
  thin(scenes, limits.target, language, (l, i) => l.type === 'action' && i > 0 && !kept(l));
  thin(scenes, limits.target, language, (l, i) => l.type === 'os' && i > 0 && !kept(l));
  let shortenedDialogue = 0;
  if (size(scenes, language) > limits.max) {
    const long = language === 'zh' ? 40 : 30;
    for (const sc of scenes)
      for (const l of sc.lines) {
        if (!spoken(l) || kept(l)) continue;
        const cut = opening(l.text, long, language);
        if (cut !== l.text) shortenedDialogue++;
        l.text = cut;
      }
  }
  const before = scenes.reduce((n, sc) => n + sc.lines.filter(spoken).length, 0);
  const minor = (l: ScriptLine, i: number) => spoken(l) && i > 0 && !kept(l) && !isKey(l, opts.unknownSpeaker);
  thin(scenes, limits.max, language, minor);
  thin(scenes, limits.max, language, (l, i) => spoken(l) && i > 0 && !kept(l));
  // rounding in the even thinning can leave a few units over: the longest droppable lines go
  let over = size(scenes, language) - limits.max;
  if (over > 0) {
    const units = (l: ScriptLine) => scriptUnits(l.text, language);
    const pool = scenes
      .flatMap((sc) => sc.lines.filter((l, i) => i > 0 && l.type !== 'transition' && !kept(l)))
      .sort((a, b) => units(b) - units(a));
    const gone = new Set<ScriptLine>();
    for (const l of pool) {
      if (over <= 0) break;
      gone.add(l);
      over -= units(l);
    }
    for (const sc of scenes) sc.lines = sc.lines.filter((l) => !gone.has(l));
  }
  const after = scenes.reduce((n, sc) => n + sc.lines.filter(spoken).length, 0);
  return { droppedDialogue: before - after, shortenedDialogue };
}

/**
 * An episode under its minimum (a short source cut into several episodes) gets its narration
 * back: lines take their fuller text (up to three sentences of the paragraph), in order, until
 * the episode reaches the minimum or nothing is left to restore.
 */
export function expandEpisode(
  scenes: Scene[],
  min: number,
  language: Language,
  fuller: (l: ScriptLine) => string | undefined,
): void {
  let total = size(scenes, language);
  for (const scene of scenes)
    for (const line of scene.lines) {
      if (total >= min) return;
      const more = fuller(line);
      if (!more) continue;
      total += scriptUnits(more, language) - scriptUnits(line.text, language);
      line.text = more;
    }
}
