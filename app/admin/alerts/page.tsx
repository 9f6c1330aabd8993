import { alertsView } from '@/lib/alerts';
import { formatDateTime } from '@/lib/i18n/format';
import { getMessages } from '@/lib/i18n/server';
import { card, cardPad, pageTitle, sectionTitle } from '../../components/styles';
import { requireAdminPage } from '../require-admin-page';
import { RulesForm } from './rules-form';

export const dynamic = 'force-dynamic';

// GET /admin/alerts — firing alerts, recently resolved ones with their history, and the rules in
// force (defaults, ALERT_RULES, saved overrides). The same data: GET /api/admin/alerts.
export default async function AlertsPage() {
  await requireAdminPage();
  const { locale, t, timeZone } = await getMessages();
  const a = t.admin.alerts;
  const view = await alertsView();
  const when = (iso: string | null) => formatDateTime(locale, timeZone, iso);
  const list = (items: typeof view.firing, firing: boolean) =>
    items.length === 0 ? (
      <p className="text-muted px-3 py-3 text-sm">{a.none}</p>
    ) : (
      <ul>
        {items.map((x) => (
          <li
            key={x.id}
            className="border-line border-t px-3 py-2 text-sm"
            data-testid={firing ? 'alert-firing' : 'alert-resolved'}
          >
            <div className="flex flex-wrap items-center gap-2">
              <span
                className={`rounded px-1.5 text-xs font-medium ${firing ? 'bg-danger-soft text-danger' : 'bg-sunken text-muted'}`}
              >
                {firing ? a.firing : a.resolved}
              </span>
              <span className="font-mono text-xs">{x.rule}</span>
              <span className="text-faint text-xs">
                {a.since} {when(x.fired_at)}
                {x.resolved_at ? ` · ${a.resolvedAt} ${when(x.resolved_at)}` : ''}
              </span>
            </div>
            <p className="text-ink mt-1 break-words">{x.summary}</p>
          </li>
        ))}
      </ul>
    );
  return (
    <div className="space-y-4">
      <h1 className={pageTitle}>{a.title}</h1>
      <section className={card}>
        <h2 className={`${sectionTitle} px-3 pt-3`}>{a.firing}</h2>
        {list(view.firing, true)}
      </section>
      <section className={card}>
        <h2 className={`${sectionTitle} px-3 pt-3`}>{a.history}</h2>
        {list(view.recent.slice(0, 30), false)}
      </section>
      <section className={cardPad}>
        <h2 className={`${sectionTitle} mb-2`}>{a.rules}</h2>
        <RulesForm
          initial={Object.keys(view.overrides).length ? JSON.stringify(view.overrides, null, 2) : ''}
          labels={{ save: a.save, saved: a.saved }}
        />
        <dl className="mt-3 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_minmax(0,1fr)]">
          {Object.entries(view.rules).map(([id, cfg]) => (
            <div key={id} className="contents">
              <dt className="min-w-0 font-mono text-xs">{id}</dt>
              <dd className="text-muted min-w-0 font-mono text-xs break-all">{JSON.stringify(cfg)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
