// 校验 (final): speakers are the bible's people. A speaker the bible lacks but the novel has is
// added as a minor character (and reported); one the novel does not have is invented: never
// added to the cast, taken off the scenes' cast lists, and reported with its episode.
import { warningText } from '../offline/messages';
import type { Character, Episode, Language } from '../schema';
import { canonicalMap, canonicalOf } from './aliases';
import { LLM_WARNINGS } from './messages';
import { GENERIC } from './review';

export const MAX_SPEAKING = 20;

export function checkLlmScript(input: {
  output: Language;
  characters: readonly Character[];
  episodes: readonly Episode[];
  chapters: readonly number[];
  requestedEpisodes: number;
  inSource(name: string): boolean;
}): { characters: Character[]; episodes: Episode[]; warnings: string[] } {
  const w = warningText(input.output);
  const x = LLM_WARNINGS[input.output];
  const warnings: string[] = [];
  const characters = [...input.characters];
  const map = canonicalMap(characters);
  const speaking = new Set<string>();
  for (const e of input.episodes)
    for (const s of e.scenes)
      for (const l of s.lines) if (l.character && !GENERIC.test(l.character)) speaking.add(l.character);
  const inventedNames = new Set<string>();
  for (const name of [...speaking].sort()) {
    if (canonicalOf(map, name)) continue;
    if (!input.inSource(name)) {
      inventedNames.add(name);
      continue;
    }
    characters.push({ name, aliases: [], role: 'minor', description: x.addedDescription });
    warnings.push(x.added(name));
  }
  const episodes = input.episodes.map((e) => ({
    ...e,
    scenes: e.scenes.map((s) => ({ ...s, characters: s.characters.filter((c) => !inventedNames.has(c)) })),
  }));
  const covered = new Set(input.episodes.flatMap((e) => e.chapters));
  for (const c of input.chapters) if (!covered.has(c)) warnings.push(w.chapterUncovered(c));
  if (input.episodes.length !== input.requestedEpisodes)
    warnings.push(w.episodeCount(input.requestedEpisodes, input.episodes.length));
  return { characters, episodes, warnings };
}
