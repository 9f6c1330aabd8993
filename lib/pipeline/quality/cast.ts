// Who may speak: the cast by name and alias, placeholder speakers (某人, Someone) that count as
// unattributed, and narrator voices (旁白, Narrator) that are not characters at all.
import type { Character, Language } from '../schema';
import { inSource, type SourceIndex } from './source-index';

const PLACEHOLDER = /^(某人|众人|众|群众|有人|路人|someone|somebody|crowd|all|everyone|voice|unknown|\?+|？+)$/i;
const NARRATOR = /^(旁白|画外音|叙述者|narrator|narration)$/i;

export const isNarratorVoice = (speaker: string): boolean => NARRATOR.test(speaker.trim());

const key = (name: string, language: Language) => (language === 'en' ? name.trim().toLowerCase() : name.trim());

export interface Cast {
  /** The cast member a speaker name belongs to (by name or alias), if any. */
  member(speaker: string): Character | undefined;
  isPlaceholder(speaker: string): boolean;
}

export function castOf(characters: Character[], language: Language): Cast {
  const byName = new Map<string, Character>();
  for (const c of characters) for (const n of [c.name, ...c.aliases]) if (n.trim()) byName.set(key(n, language), c);
  return {
    member: (speaker) => byName.get(key(speaker, language)),
    isPlaceholder: (speaker) => PLACEHOLDER.test(speaker.trim()),
  };
}

export type SpeakerVerdict = 'cast' | 'placeholder' | 'narrator' | 'invented' | 'invented_cast' | 'source_only';

/**
 * What a speaker is: a cast member written in the source, a placeholder, the narrator's voice, a
 * name the source has but the cast lacks, or invented (in neither; or only in a padded cast).
 */
export function judgeSpeaker(speaker: string, cast: Cast, source: SourceIndex | undefined): SpeakerVerdict {
  if (isNarratorVoice(speaker)) return 'narrator';
  if (cast.isPlaceholder(speaker)) return 'placeholder';
  const member = cast.member(speaker);
  if (!source) return member ? 'cast' : 'source_only';
  const names = member ? [member.name, ...member.aliases] : [speaker];
  const narrator = source.narrator;
  const known = inSource(source, names) || (narrator !== undefined && names.includes(narrator));
  if (member) return known ? 'cast' : 'invented_cast';
  return known ? 'source_only' : 'invented';
}
