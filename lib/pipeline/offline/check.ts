// The final check: what a reader of the script would notice is wrong, as warnings.
import type { Episode, Language } from '../schema';
import type { Chapter } from '../text/chapters';
import type { PreparedText } from '../text/prepare';
import { labels, warningText } from './messages';
import type { NameRef } from './names';

export interface CheckInput {
  output: Language;
  chapters: readonly Chapter[];
  characters: readonly NameRef[];
  episodes: readonly Episode[];
  requestedEpisodes?: number | undefined;
  /** Episodes that repeat text because the source was too short for the requested count. */
  repeated: number;
  /** Source and output languages differ (the offline engine cannot translate). */
  untranslated: boolean;
}

export function checkScript(input: CheckInput): string[] {
  const w = warningText(input.output);
  const warnings: string[] = [];
  const known = new Set(input.characters.flatMap((c) => [c.name, ...c.aliases]));
  const unknown = labels(input.output).unknownSpeaker;
  const missing = new Set<string>();
  for (const e of input.episodes)
    for (const s of e.scenes)
      for (const l of s.lines)
        if (l.character && l.character !== unknown && !known.has(l.character)) missing.add(l.character);
  for (const name of [...missing].sort()) warnings.push(w.speakerMissing(name));
  const covered = new Set(input.episodes.flatMap((e) => e.chapters));
  for (const c of input.chapters) if (!covered.has(c.number)) warnings.push(w.chapterUncovered(c.number));
  if (input.requestedEpisodes && input.episodes.length !== input.requestedEpisodes)
    warnings.push(w.episodeCount(input.requestedEpisodes, input.episodes.length));
  if (input.repeated > 0 && input.requestedEpisodes) warnings.push(w.sourceTooShort(input.requestedEpisodes));
  if (input.untranslated) warnings.push(w.noTranslation);
  return warnings;
}

/** Spoken lines an episode lost to the 3-minute ceiling. */
export interface DialogueCut {
  episode: number;
  dropped: number;
  shortened: number;
}

/**
 * What text preparation and condensing changed, said once each: what was set aside (title page,
 * table of contents, notes), a preface kept as a prologue, the narrator, and spoken lines dropped
 * or shortened to keep an episode under its ceiling (3 minutes, lib/pipeline/length.ts).
 */
export function preparationWarnings(prepared: PreparedText, output: Language, cuts: readonly DialogueCut[]): string[] {
  const w = warningText(output);
  const out = prepared.setAside.map((s) => w.setAside(s.kind, s.chars, s.excerpt));
  const prologue = prepared.chapters.find((c) => c.kind === 'prologue');
  if (prologue) out.push(w.prologue(prologue.title));
  if (prepared.narrator) out.push(w.narrator(prepared.narrator.name, prepared.narrator.from));
  for (const c of cuts) out.push(w.dialogueCut(c.episode, c.dropped, c.shortened));
  return out;
}
