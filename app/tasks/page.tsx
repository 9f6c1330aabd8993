import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import { getMessages } from '@/lib/i18n/server';
import { isActive } from '@/lib/tasks/schema';
import { btnPrimary, btnSecondary, cardPad, input, link, pageTitle } from '../components/styles';
import { LiveRefresh } from './live-refresh';
import { presentTaskList, type TaskListParams } from './presenter';
import { TaskTable } from './task-table';

export const dynamic = 'force-dynamic';

const query = (params: Record<string, string | null | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `/tasks?${s}` : '/tasks';
};

// GET /tasks — the task history: status tabs with counts, search, newest first, cursor pages.
export default async function TasksPage({ searchParams }: { searchParams: Promise<TaskListParams> }) {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  const { locale, t, timeZone } = await getMessages();
  const view = await presentTaskList(actor, await searchParams);
  const { filters } = view;
  const active = view.rows.some((r) => isActive(r.status));
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className={pageTitle}>{view.isAdmin ? t.list.adminTitle : t.list.title}</h1>
        {active && (
          <span className="text-faint inline-flex items-center gap-1.5 text-xs" data-testid="live-indicator">
            <span aria-hidden="true" className="size-1.5 rounded-full bg-green-500 motion-safe:animate-pulse" />
            {t.list.live}
          </span>
        )}
      </div>

      <nav aria-label={t.list.colStatus} className="-mx-4 overflow-x-auto px-4">
        <ul className="border-line flex min-w-max gap-1 border-b">
          {view.tabs.map((tab) => {
            const current = tab.status === filters.status;
            const name = tab.status ? t.task.status[tab.status] : t.list.all;
            return (
              <li key={tab.status ?? 'all'}>
                <Link
                  href={query({ status: tab.status, q: filters.q, batch: filters.batch })}
                  aria-current={current ? 'page' : undefined}
                  data-testid={`tab-${tab.status ?? 'all'}`}
                  className={`focus-visible:outline-accent -mb-px inline-flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm focus-visible:outline-2 ${
                    current ? 'border-accent text-ink font-medium' : 'text-muted hover:text-ink border-transparent'
                  }`}
                >
                  {name}
                  <span className="bg-sunken text-faint rounded-full px-1.5 text-xs tabular-nums">{tab.count}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      {filters.batch && (
        <p className="text-muted flex flex-wrap items-center gap-2 text-sm" data-testid="batch-filter">
          <Link href={`/batches/${filters.batch}`} className={link}>
            {t.list.batchFilter(filters.batch)}
          </Link>
          <Link href={query({ status: filters.status, q: filters.q })} className={`${link} text-xs`}>
            {t.list.clear}
          </Link>
        </p>
      )}

      <search>
        <form action="/tasks" method="get" className="flex flex-wrap items-end gap-2">
          {filters.status && <input type="hidden" name="status" value={filters.status} />}
          {filters.batch && <input type="hidden" name="batch" value={filters.batch} />}
          <label className="min-w-0 flex-1 basis-56">
            <span className="sr-only">{t.list.search}</span>
            <input
              type="search"
              name="q"
              defaultValue={filters.q}
              placeholder={t.list.search}
              maxLength={200}
              className={`${input} mt-0`}
            />
          </label>
          <button type="submit" className={btnSecondary}>
            {t.list.searchButton}
          </button>
          {filters.q && (
            <Link href={query({ status: filters.status })} className={`${link} px-1 text-sm`}>
              {t.list.clear}
            </Link>
          )}
        </form>
      </search>

      {view.rows.length === 0 ? (
        <div className={`${cardPad} py-12 text-center`} data-testid="empty-state">
          {view.totalAll === 0 ? (
            <>
              <p className="text-ink text-base font-medium">{t.list.empty}</p>
              <p className="text-muted mt-1 text-sm">{t.list.emptyHint}</p>
              <Link href="/tasks/new" className={`${btnPrimary} mt-4`}>
                {t.list.newFirst}
              </Link>
            </>
          ) : (
            <p className="text-muted text-sm">{t.list.emptyFiltered}</p>
          )}
        </div>
      ) : (
        <TaskTable rows={view.rows} locale={locale} timeZone={timeZone} showOwner={view.isAdmin} />
      )}

      <div className="flex flex-wrap gap-4 text-sm">
        {filters.cursor && (
          <Link href={query({ status: filters.status, q: filters.q })} className={link}>
            {t.list.first}
          </Link>
        )}
        {view.nextCursor && (
          <Link
            href={query({ status: filters.status, q: filters.q, batch: filters.batch, cursor: view.nextCursor })}
            className={link}
            data-testid="next-page"
          >
            {t.list.next} →
          </Link>
        )}
      </div>
      {active && <LiveRefresh />}
    </div>
  );
}
