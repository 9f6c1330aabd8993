// The user's delivery log: every notification, its channel, event, target, attempts and the
// receiver's last answer (server-rendered; "send test event" refreshes it).
import type { Locale } from '@/lib/i18n/dictionaries';
import { dictionaries } from '@/lib/i18n/dictionaries';
import { formatDateTime } from '@/lib/i18n/format';
import type { DeliveryInfo } from '@/lib/notify/schema';
import { SectionHeading } from '../components/section-heading';
import { cardPad } from '../components/styles';

const tone: Record<DeliveryInfo['status'], string> = {
  pending: 'text-muted',
  delivered: 'text-ink',
  failed: 'text-danger',
};

export function DeliveryLog({
  deliveries,
  locale,
  timeZone,
}: {
  deliveries: DeliveryInfo[];
  locale: Locale;
  timeZone: string;
}) {
  const n = dictionaries[locale].notify;
  return (
    <section className={`${cardPad} space-y-3`} aria-labelledby="log-title">
      <SectionHeading id="log-title" title={n.log} hint={n.logHint} />
      {deliveries.length === 0 ? (
        <p className="text-faint text-sm">{n.noLog}</p>
      ) : (
        <ul className="divide-line border-line divide-y rounded-md border" data-testid="delivery-log">
          {deliveries.map((d) => (
            <li key={d.id} className="space-y-0.5 px-3 py-2 text-sm" data-testid="delivery-row">
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-0.5">
                <span className="font-medium">{n.event[d.event] ?? d.event}</span>
                <span className="text-muted">{n.channel[d.channel] ?? d.channel}</span>
                <span className={tone[d.status]} data-testid="delivery-status">
                  {n.status[d.status]}
                </span>
                <span className="text-faint text-xs">
                  {n.colAttempts} {d.attempts}/{d.max_attempts} · {formatDateTime(locale, timeZone, d.updated_at)}
                </span>
              </div>
              <p className="text-faint font-mono text-xs break-all">{d.target}</p>
              {d.last_response && <p className="text-muted text-xs break-words">{d.last_response}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
