// The script while it is being written: the episodes finished so far and the scenes of the one
// still streaming (marked 写作中…), in the finished viewer's 短剧 layout, with a note that more is
// coming. Replaced by ScriptView when the task completes.

import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import type { PartialScriptEpisode } from '@/lib/pipeline/partial-script';
import type { Language } from '@/lib/pipeline/schema';
import { cardPad, sectionTitle } from '../../components/styles';
import { EpisodeView } from './episode-view';

export function PartialScript({
  episodes,
  locale,
  language,
}: {
  episodes: PartialScriptEpisode[];
  locale: Locale;
  /** The script's language (the task's). */
  language: Language;
}) {
  const t = dictionaries[locale].task;
  const done = episodes.filter((e) => e.complete).length;
  const scenes = episodes.reduce((n, e) => n + e.scenes.length, 0);
  return (
    <div className="space-y-4" data-testid="partial-script" data-episodes={episodes.length} data-scenes={scenes}>
      <section className={cardPad} aria-live="polite">
        <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
          <h2 className={sectionTitle}>{t.partialTitle}</h2>
          {episodes.length > 0 && (
            <span className="text-faint text-sm tabular-nums" data-testid="partial-count">
              {t.partialCount(done)}
            </span>
          )}
        </div>
        <p className="text-muted mt-1 flex items-center gap-2 text-sm">
          <span className="bg-accent size-1.5 shrink-0 animate-pulse rounded-full" aria-hidden="true" />
          {episodes.length > 0 ? t.partialMore : t.partialEmpty}
        </p>
      </section>
      {episodes.length > 0 && (
        <section className="space-y-4" aria-label={t.episodes}>
          {episodes.map((ep) => (
            <EpisodeView key={ep.number} episode={ep} locale={locale} language={language} writing={!ep.complete} />
          ))}
        </section>
      )}
    </div>
  );
}
