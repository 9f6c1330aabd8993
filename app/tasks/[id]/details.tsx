import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { formatDateTime, formatDuration } from '@/lib/i18n/format';
import type { TaskInfo } from '@/lib/tasks/schema';
import { durationMs } from '@/lib/ui/duration';
import { cardPad, sectionTitle } from '../../components/styles';

export function Details({
  task,
  owner,
  locale,
  timeZone,
}: {
  task: TaskInfo;
  owner: string | null;
  locale: Locale;
  timeZone: string;
}) {
  const t = dictionaries[locale].task;
  const rows: [string, string][] = [
    [t.model, task.options.model ?? dictionaries[locale].time.dash],
    [t.created, formatDateTime(locale, timeZone, task.created_at)],
    [t.started, formatDateTime(locale, timeZone, task.started_at)],
    [t.finished, formatDateTime(locale, timeZone, task.finished_at)],
    [t.duration, formatDuration(locale, durationMs(task.started_at, task.finished_at))],
    [t.progress, `${t.attempt(task.attempts)} · ${t.chars(task.novel_content_length)}`],
  ];
  if (owner) rows.unshift([t.owner, owner]);
  return (
    <section className={cardPad}>
      <h2 className={`${sectionTitle} sr-only`}>{t.taskId}</h2>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-faint">{k}</dt>
            <dd className="text-ink truncate text-right tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
