// 人物与场景设定 (the bible): grown arc by arc from each plan's additions. One person is one entry
// (aliases merged, lib/pipeline/llm/aliases.ts); a name or alias that appears nowhere in the
// novel is invented: it never enters the bible, and is reported. Locations are a list every episode
// reuses, so a place keeps one name across the season.
import type { Character } from '../schema';
import { mergeNamed } from './aliases';
import type { BibleCharacter, Location } from './schemas';

export interface Bible {
  logline: string;
  characters: BibleCharacter[];
  locations: Location[];
}

export const emptyBible = (): Bible => ({ logline: '', characters: [], locations: [] });

const fill = (a: string, b: string) => (a.trim() ? a : b);

/** The bible with an arc's additions: known people keep their entry (blanks filled), new ones join. */
export function growBible(
  bible: Bible,
  add: { logline: string; characters: BibleCharacter[]; locations: Location[] },
  inSource: (name: string) => boolean,
): { bible: Bible; invented: string[] } {
  const invented: string[] = [];
  const real: BibleCharacter[] = [];
  for (const c of add.characters) {
    // only forms the novel has: an invented name or alias never joins, even beside a real one
    const forms = [c.name, ...c.aliases].map((f) => f.trim()).filter((f) => f && inSource(f));
    for (const f of [c.name, ...c.aliases].map((x) => x.trim()).filter((x) => x && !inSource(x))) invented.push(f);
    const [name, ...aliases] = forms;
    if (name) real.push({ ...c, name, aliases });
  }
  const characters = mergeNamed([...bible.characters, ...real], (g) => {
    const [first, ...rest] = g as [BibleCharacter, ...BibleCharacter[]];
    return rest.reduce(
      (a, b) => ({
        ...a,
        description: fill(a.description, b.description),
        goal: fill(a.goal, b.goal),
        arc: fill(a.arc, b.arc),
        speech: fill(a.speech, b.speech),
        visual: fill(a.visual, b.visual),
        relationships: [
          ...a.relationships,
          ...b.relationships.filter((r) => !a.relationships.some((x) => x.with === r.with)),
        ],
      }),
      first,
    );
  });
  const locations = [...bible.locations];
  for (const l of add.locations) if (!locations.some((x) => x.name === l.name)) locations.push(l);
  return { bible: { logline: add.logline.trim() || bible.logline, characters, locations }, invented };
}

const one = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

/** `name | aliases | role | goal | speech | visual` — the compact cast line of planning and writing prompts. */
export function renderCharacter(c: BibleCharacter, full: boolean): string {
  const parts = [c.name, c.aliases.join(' / '), c.role, one(c.description).slice(0, 60)];
  if (full) parts.push(one(c.goal).slice(0, 40), one(c.speech).slice(0, 30), one(c.visual).slice(0, 30));
  return parts.map(one).join(' | ');
}

export const renderLocation = (l: Location) => `${one(l.name)} | ${one(l.description).slice(0, 40)}`;

/** The result's character list: the bible's people with their goal folded into the description. */
export function resultCharacters(bible: Bible): Character[] {
  return bible.characters.map((c) => ({
    name: c.name,
    aliases: c.aliases,
    role: c.role,
    description: [c.description, c.goal, c.visual].filter((s) => s.trim()).join(' · '),
  }));
}
