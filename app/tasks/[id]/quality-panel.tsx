// The quality report of a finished script: the verdict, each measure with its level and figure,
// and the issues naming episode and scene. Labels follow the reader's language; the summaries
// and messages are in the script's language, as in the exports.
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import {
  issuePlace,
  LEVEL_LABELS,
  MEASURE_LABELS,
  measureFigure,
  SET_ASIDE_TITLE,
  setAsideLines,
} from '@/lib/pipeline/quality/labels';
import type { QualityLevel, QualityReport } from '@/lib/pipeline/quality/schema';
import { cardPad, sectionTitle } from '../../components/styles';

const TONE: Record<QualityLevel, string> = {
  ok: 'bg-green-50 text-green-800 ring-green-200 dark:bg-green-950 dark:text-green-200 dark:ring-green-800',
  warn: 'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800',
  fail: 'bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-800',
};

function LevelBadge({ level, label }: { level: QualityLevel; label: string }) {
  return (
    <span
      data-level={level}
      className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${TONE[level]}`}
    >
      {label}
    </span>
  );
}

export function QualityPanel({
  report,
  setAside,
  locale,
}: {
  report: QualityReport;
  /** What text preparation kept out of the story (result.source.set_aside). */
  setAside?: readonly { kind: string; chars: number; excerpt: string }[] | undefined;
  locale: Locale;
}) {
  const aside = setAsideLines(setAside, locale);
  const t = dictionaries[locale].task.quality;
  const levels = LEVEL_LABELS[locale];
  const names = MEASURE_LABELS[locale];
  return (
    <section className={cardPad} aria-labelledby="quality-title" data-testid="quality-panel">
      <div className="flex items-center gap-2">
        <h2 id="quality-title" className={sectionTitle}>
          {t.title}
        </h2>
        <LevelBadge level={report.level} label={levels[report.level]} />
      </div>
      <ul className="mt-3 space-y-2 text-sm">
        {report.measures.map((m) => (
          <li key={m.key} data-measure={m.key} data-level={m.level}>
            <div className="flex items-center gap-2">
              <span className="text-ink min-w-0 flex-1 truncate">{names[m.key]}</span>
              <span className="text-muted font-mono text-xs tabular-nums">{measureFigure(m)}</span>
              <LevelBadge level={m.level} label={levels[m.level]} />
            </div>
            <p className="text-faint mt-0.5 text-xs break-words">{m.summary}</p>
          </li>
        ))}
      </ul>
      {report.notes.map((n) => (
        <p key={n} className="text-muted mt-3 text-xs">
          {n}
        </p>
      ))}
      {aside.length > 0 && (
        <details className="mt-3 text-sm" data-testid="set-aside">
          <summary className="text-muted cursor-pointer">
            {SET_ASIDE_TITLE[locale]} ({aside.length})
          </summary>
          <ul className="text-muted mt-1 list-disc space-y-1 pl-5 text-xs break-words">
            {aside.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </details>
      )}
      {report.issues.length === 0 ? (
        <p className="text-muted mt-3 text-sm">{t.none}</p>
      ) : (
        <details className="mt-3 text-sm" open={report.level !== 'ok'}>
          <summary className="text-warn-ink cursor-pointer">
            {t.issues(report.issues.length + report.issues_omitted)}
          </summary>
          <ul className="mt-2 max-h-96 space-y-1.5 overflow-y-auto pr-1" data-testid="quality-issues">
            {report.issues.map((i) => (
              <li
                key={`${i.measure}-${i.level}-${i.episode}-${i.scene}-${i.chapter}-${i.message}`}
                className="flex gap-2 text-xs"
                data-level={i.level}
              >
                <span
                  aria-hidden="true"
                  className={`mt-1.5 size-1.5 shrink-0 rounded-full ${i.level === 'fail' ? 'bg-red-500' : 'bg-amber-500'}`}
                />
                <span className="min-w-0 break-words">
                  <span className="sr-only">{levels[i.level]} · </span>
                  <span className="text-ink font-medium">{issuePlace(i, locale)}</span>
                  {issuePlace(i, locale) ? ' · ' : ''}
                  <span className="text-muted">{names[i.measure]}</span>
                  <span className="text-muted"> — {i.message}</span>
                </span>
              </li>
            ))}
            {report.issues_omitted > 0 && <li className="text-faint text-xs">{t.more(report.issues_omitted)}</li>}
          </ul>
        </details>
      )}
    </section>
  );
}
