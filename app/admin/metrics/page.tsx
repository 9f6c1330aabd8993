import Link from 'next/link';
import { formatDateTime, formatDuration, formatUsd } from '@/lib/i18n/format';
import { getMessages } from '@/lib/i18n/server';
import { metricsReport, parseWindow, WINDOWS } from '@/lib/metrics/report';
import { card, cardPad, pageTitle, sectionTitle } from '../../components/styles';
import { requireAdminPage } from '../require-admin-page';
import { Panel } from './panel';
import { ThroughputChart } from './throughput-chart';

export const dynamic = 'force-dynamic';

// GET /admin/metrics?window= — processing time, success rate, wait, concurrency, queue, throughput,
// failures, tokens and cost (admins only). The same figures: GET /api/admin/metrics.
export default async function MetricsPage({ searchParams }: { searchParams: Promise<{ window?: string }> }) {
  await requireAdminPage();
  const { locale, t, timeZone } = await getMessages();
  const m = t.admin.metrics;
  const requested = (await searchParams).window;
  const win = requested && requested in WINDOWS ? parseWindow(requested) : '24h';
  const r = await metricsReport(win);
  const dur = (ms: number | null) => formatDuration(locale, ms);
  const count = (n: number) => n.toLocaleString(locale === 'zh' ? 'zh-CN' : 'en');
  const stat = (label: string, value: string, testId: string) => (
    <div className={`${card} p-3`}>
      <dt className="text-faint text-xs">{label}</dt>
      <dd className="text-ink mt-1 text-lg font-bold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className={pageTitle}>{m.title}</h1>
        <nav aria-label={m.window} className="flex gap-1">
          {Object.keys(WINDOWS).map((w) => (
            <Link
              key={w}
              href={`/admin/metrics?window=${w}`}
              aria-current={w === win ? 'page' : undefined}
              className={`rounded-md px-2.5 py-1 text-sm ${w === win ? 'bg-accent text-accent-ink' : 'text-muted hover:bg-sunken'}`}
            >
              {m.windows[w]}
            </Link>
          ))}
        </nav>
      </div>
      <p className="text-faint text-xs">
        {m.generatedAt}: {formatDateTime(locale, timeZone, r.until)}
      </p>

      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-5">
        {stat(m.submitted, count(r.counts.submitted), 'm-submitted')}
        {stat(m.completed, count(r.counts.completed), 'm-completed')}
        {stat(m.failed, count(r.counts.failed), 'm-failed')}
        {stat(m.cancelled, count(r.counts.cancelled), 'm-cancelled')}
        {stat(
          m.successRate,
          r.counts.success_rate === null ? m.none : `${(r.counts.success_rate * 100).toFixed(1)}%`,
          'm-success',
        )}
        {stat(`${m.wait} ${m.p50}`, dur(r.wait_ms.p50), 'm-wait-p50')}
        {stat(`${m.wait} ${m.p95}`, dur(r.wait_ms.p95), 'm-wait-p95')}
        {stat(`${m.run} ${m.p50}`, dur(r.run_ms.p50), 'm-run-p50')}
        {stat(`${m.run} ${m.p95}`, dur(r.run_ms.p95), 'm-run-p95')}
        {stat(m.running, count(r.now.running), 'm-running')}
        {stat(m.liveWorkers, count(r.now.live_workers), 'm-workers')}
        {stat(m.slots, `${r.now.slots_used} / ${r.now.slots_total}`, 'm-slots')}
        {stat(m.depth, count(r.queue.waiting), 'm-waiting')}
        {stat(m.oldest, dur(r.queue.oldest_waiting_ms), 'm-oldest')}
      </dl>

      <section className={cardPad}>
        <h2 className={`${sectionTitle} mb-2`}>{m.throughput}</h2>
        <ThroughputChart
          points={r.throughput}
          labels={m.throughputLegend}
          title={m.throughput}
          locale={locale}
          timeZone={timeZone}
        />
      </section>

      <div className="grid gap-4 lg:grid-cols-2">
        <Panel
          title={m.perStage}
          head={[m.stage, `>${m.samples}`, `>${m.p50}`, `>${m.p95}`]}
          rows={r.stages.map((x) => [x.stage, count(x.count), dur(x.p50), dur(x.p95)])}
          empty={m.none}
          testId="stage-row"
        />
        <Panel
          title={m.failures}
          head={[m.code, `>${m.count}`, m.example]}
          rows={r.failures.map((f) => [f.code, count(f.count), f.example ?? ''])}
          empty={m.noFailures}
          testId="failure-row"
        />
        <Panel
          title={m.usage}
          head={[m.day, m.model, `>${m.tokens}`, `>${m.cost}`]}
          rows={r.usage.map((u) => [u.day, u.model, count(u.tokens), formatUsd(locale, u.cost_usd)])}
          empty={m.noUsage}
          testId="usage-row"
        />
        <Panel
          title={m.heaviest}
          head={[m.user, `>${m.submitted}`, `>${m.tokens}`, `>${m.cost}`]}
          rows={r.heaviest_users.map((u) => [u.email, count(u.tasks), count(u.tokens), formatUsd(locale, u.cost_usd)])}
          empty={m.none}
          testId="user-row"
        />
      </div>
    </div>
  );
}
