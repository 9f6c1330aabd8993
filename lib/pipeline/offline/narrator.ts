// The first-person narrator in the character bible: the cast member of that name when the text
// already has one, else a new entry. The narrator tells the story, so they lead the cast.
import type { Language } from '../schema';
import type { PreparedText } from '../text/prepare';
import type { CharacterProfile } from './characters';
import { describeCharacter, describeNarrator } from './messages';

export function withNarrator(
  characters: CharacterProfile[],
  prepared: PreparedText,
  output: Language,
): CharacterProfile[] {
  const narrator = prepared.narrator;
  if (!narrator) return characters;
  const existing = characters.find((c) => c.name === narrator.name || c.aliases.includes(narrator.name));
  // Hardy (from "Miss Hardy") is Nell Hardy: a cast entry that is one word of the narrator's name
  const words = narrator.name.split(/\s+/);
  const parts = words.length > 1 ? characters.filter((c) => c !== existing && words.includes(c.name)) : [];
  const rest = characters.filter((c) => c !== existing && !parts.includes(c));
  const lead: CharacterProfile = {
    name: existing?.name ?? narrator.name,
    aliases: [...(existing?.aliases ?? []), ...parts.flatMap((c) => [c.name, ...c.aliases])],
    role: 'protagonist',
    description: describeNarrator(output, existing?.name ?? narrator.name, 'protagonist'),
    mentions: (existing?.mentions ?? 0) + parts.reduce((n, c) => n + c.mentions, 0),
    lines: (existing?.lines ?? 0) + parts.reduce((n, c) => n + c.lines, 0),
    firstChapter: 1,
    quote: existing?.quote ?? null,
  };
  return [
    lead,
    ...rest.map((c) => {
      if (c.role !== 'protagonist') return c;
      const demoted = { ...c, role: 'supporting' as const };
      return { ...demoted, description: describeCharacter(output, demoted) };
    }),
  ];
}
