// 校验: every speaking character is in the bible (speakers the bible lacks are added as minor
// characters and reported), every chapter is covered, the episode count holds, at most 20
// speaking roles. What cannot be fixed is returned as warnings on the result.
import { warningText } from '../offline/messages';
import type { Character, Episode, Language } from '../schema';
import { canonicalMap, canonicalOf } from './aliases';

const GENERIC = /^(旁白|画外音|众人|众|群众|某人|Narrator|Voice|Crowd|All|Everyone|Someone)$/i;
export const MAX_SPEAKING = 20;

const EXTRA = {
  zh: {
    added: (n: string) => `说话的角色“${n}”原不在人物表中，已补入`,
    addedDescription: '剧本中出现的角色（人物表中原未列出）。',
    tooMany: (n: number) => `有台词的角色共${n}个，超过${MAX_SPEAKING}个`,
    outlineFixed: '分集大纲经校验修正（集数或章节覆盖）',
  },
  en: {
    added: (n: string) => `speaking character “${n}” was missing from the character bible and has been added`,
    addedDescription: 'A character who speaks in the script (not in the original bible).',
    tooMany: (n: number) => `${n} speaking roles, more than ${MAX_SPEAKING}`,
    outlineFixed: 'the episode outline was corrected by the check (count or chapter coverage)',
  },
} as const;

export interface CheckResult {
  characters: Character[];
  warnings: string[];
}

export function checkLlmScript(input: {
  output: Language;
  characters: readonly Character[];
  episodes: readonly Episode[];
  chapters: readonly number[];
  requestedEpisodes: number;
  outlineFixed: boolean;
}): CheckResult {
  const w = warningText(input.output);
  const x = EXTRA[input.output];
  const warnings: string[] = [];
  const characters = [...input.characters];
  const map = canonicalMap(characters);
  const speaking = new Set<string>();
  for (const e of input.episodes)
    for (const s of e.scenes)
      for (const l of s.lines) if (l.character && !GENERIC.test(l.character)) speaking.add(l.character);
  for (const name of [...speaking].sort()) {
    if (canonicalOf(map, name)) continue;
    characters.push({ name, aliases: [], role: 'minor', description: x.addedDescription });
    warnings.push(x.added(name));
  }
  if (speaking.size > MAX_SPEAKING) warnings.push(x.tooMany(speaking.size));
  const covered = new Set(input.episodes.flatMap((e) => e.chapters));
  for (const c of input.chapters) if (!covered.has(c)) warnings.push(w.chapterUncovered(c));
  if (input.episodes.length !== input.requestedEpisodes)
    warnings.push(w.episodeCount(input.requestedEpisodes, input.episodes.length));
  if (input.outlineFixed) warnings.push(x.outlineFixed);
  return { characters, warnings };
}
