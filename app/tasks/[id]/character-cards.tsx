import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import type { Character } from '@/lib/pipeline/schema';
import { cardPad, sectionTitle } from '../../components/styles';

const ROLE_COLOR: Record<Character['role'], string> = {
  protagonist: 'bg-accent-soft text-accent',
  antagonist: 'bg-danger-soft text-danger',
  supporting: 'bg-sunken text-muted',
  minor: 'bg-sunken text-faint',
};

export function CharacterCards({ characters, locale }: { characters: Character[]; locale: Locale }) {
  const t = dictionaries[locale].task;
  return (
    <section className={cardPad} aria-labelledby="characters-title">
      <h2 id="characters-title" className={`${sectionTitle} mb-3`}>
        {t.characters} <span className="text-faint text-sm font-normal">({characters.length})</span>
      </h2>
      <ul className="grid gap-3 sm:grid-cols-2">
        {characters.map((c) => (
          <li key={c.name} className="border-line rounded-md border p-3" data-testid="character-card">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-ink font-bold">{c.name}</span>
              <span className={`rounded px-1.5 py-0.5 text-xs ${ROLE_COLOR[c.role]}`}>{t.roles[c.role] ?? c.role}</span>
              {c.aliases.length > 0 && (
                <span className="text-faint text-xs">
                  {t.aliases} {c.aliases.join(' / ')}
                </span>
              )}
            </div>
            <p className="text-muted mt-1 text-sm leading-relaxed">{c.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
