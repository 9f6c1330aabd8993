import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { formatDuration, formatTime } from '@/lib/i18n/format';
import type { TaskEventInfo, TaskInfo } from '@/lib/tasks/schema';
import { buildTimeline } from '@/lib/ui/timeline';
import { cardPad, sectionTitle } from '../../components/styles';

export function Timeline({
  events,
  task,
  locale,
  timeZone,
  live,
}: {
  events: TaskEventInfo[];
  task: TaskInfo;
  locale: Locale;
  timeZone: string;
  live: boolean;
}) {
  const t = dictionaries[locale].task;
  const entries = buildTimeline(events, task);
  return (
    <section className={cardPad} aria-labelledby="timeline-title">
      <h2 id="timeline-title" className={`${sectionTitle} mb-3`}>
        {t.timeline}
      </h2>
      {entries.length === 0 ? (
        <p className="text-faint text-sm">{t.timelineEmpty}</p>
      ) : (
        <ol
          className="border-line relative space-y-2 border-l pl-4"
          data-testid="timeline"
          aria-live={live ? 'polite' : 'off'}
        >
          {entries.map((e) => {
            const name = e.type === 'stage' ? (t.stages[e.key] ?? e.key) : (t.events[e.key] ?? e.key);
            const dot =
              e.type === 'event' ? 'bg-line' : e.running ? 'bg-blue-500 motion-safe:animate-pulse' : 'bg-accent';
            return (
              <li key={e.id} className="relative text-sm" data-kind={e.key}>
                <span aria-hidden="true" className={`absolute top-1.5 -left-[1.3rem] size-2 rounded-full ${dot}`} />
                <div className="flex items-baseline justify-between gap-2">
                  <span className={e.type === 'stage' ? 'text-ink font-medium' : 'text-muted'}>{name}</span>
                  <span className="text-faint shrink-0 font-mono text-xs tabular-nums">
                    {formatTime(locale, timeZone, e.at)}
                    {e.type === 'stage' && ` · ${e.running ? '…' : formatDuration(locale, e.durationMs)}`}
                  </span>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
