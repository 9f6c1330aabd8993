// The finished script: title and logline, downloads, usage, character cards, the episode list and
// every episode scene by scene in 短剧 layout.

import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { formatUsd } from '@/lib/i18n/format';
import type { ExportFormat } from '@/lib/pipeline/export';
import type { ScriptResult } from '@/lib/pipeline/schema';
import { btnSecondary, cardPad, link, sectionTitle } from '../../components/styles';
import { CharacterCards } from './character-cards';
import { EpisodeView } from './episode-view';

/** Every export format (GET /api/tasks/{id}/result?format=…), in the order the buttons show them. */
const DOWNLOAD_LABELS: Record<ExportFormat, string> = {
  fountain: 'Fountain',
  md: 'Markdown',
  json: 'JSON',
  txt: 'TXT',
  docx: 'Word (.docx)',
};

const downloadHref = (taskId: string, format: ExportFormat): string =>
  `/api/tasks/${encodeURIComponent(taskId)}/result?format=${format}`;

export function ScriptView({ result, taskId, locale }: { result: ScriptResult; taskId: string; locale: Locale }) {
  const t = dictionaries[locale].task;
  const u = result.usage;
  return (
    <div className="space-y-4" data-testid="script-view">
      <section className={cardPad}>
        <h2 className="text-lg font-bold">{result.title}</h2>
        <p className="text-muted mt-1 text-sm leading-relaxed">{result.logline}</p>
        <div className="mt-4 flex flex-wrap items-center gap-2" data-testid="downloads">
          <span className="text-faint mr-1 text-sm">{t.downloads}</span>
          {Object.entries(DOWNLOAD_LABELS).map(([format, label]) => (
            <a
              key={format}
              href={downloadHref(taskId, format as ExportFormat)}
              download
              className={`${btnSecondary} text-xs`}
            >
              {label}
            </a>
          ))}
        </div>
        <dl className="mt-4 flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid="usage">
          <div className="flex gap-2">
            <dt className="text-faint">{t.engine}</dt>
            <dd>
              {result.engine.name}
              {result.engine.model ? ` · ${result.engine.model}` : ''}
            </dd>
          </div>
          <div className="flex gap-2">
            <dt className="text-faint">{t.usage}</dt>
            <dd className="tabular-nums">
              {t.tokens(u.prompt_tokens, u.completion_tokens)} · {t.calls(u.calls)}
            </dd>
          </div>
          <div className="flex gap-2">
            <dt className="text-faint">{t.cost}</dt>
            <dd className="tabular-nums">{formatUsd(locale, u.cost_usd)}</dd>
          </div>
        </dl>
        {result.warnings.length > 0 && (
          <details className="mt-3 text-sm">
            <summary className="text-warn-ink cursor-pointer">
              {t.warnings} ({result.warnings.length})
            </summary>
            <ul className="text-muted mt-1 list-disc pl-5">
              {result.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </details>
        )}
      </section>

      <CharacterCards characters={result.characters} locale={locale} />

      <nav className={cardPad} aria-labelledby="episode-list">
        <h2 id="episode-list" className={`${sectionTitle} mb-2`}>
          {t.episodeList}
        </h2>
        <ol className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-2">
          {result.episodes.map((ep) => (
            <li key={ep.number} className="truncate">
              <a href={`#episode-${ep.number}`} className={link}>
                {t.episode(ep.number)} · {ep.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>

      <section className="space-y-4" aria-label={t.episodes}>
        {result.episodes.map((ep) => (
          <EpisodeView key={ep.number} episode={ep} locale={locale} language={result.language} />
        ))}
      </section>
    </div>
  );
}
