'use client';
// The rows of the task list, with selection and the bulk actions (cancel, re-run) that call the
// typed client once per selected task and then re-render the page from the server.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { cancelTask, retryTask } from '@/lib/client';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { formatDateTime, formatDuration } from '@/lib/i18n/format';
import { ConfirmButton } from '../components/confirm-button';
import { ProgressBar } from '../components/progress-bar';
import { StatusBadge } from '../components/status-badge';
import { btnSecondary, card } from '../components/styles';
import type { TaskRow } from './presenter';

const GRID = 'sm:grid sm:grid-cols-[1.5rem_minmax(0,1fr)_8.5rem_7rem_9.5rem_5.5rem] sm:items-center sm:gap-3';

export function TaskTable({
  rows,
  locale,
  timeZone,
  showOwner,
}: {
  rows: TaskRow[];
  locale: Locale;
  timeZone: string;
  showOwner: boolean;
}) {
  const t = dictionaries[locale];
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [result, setResult] = useState<string | null>(null);
  const visible = new Set(rows.map((r) => r.id));
  const chosen = [...selected].filter((id) => visible.has(id));
  const all = chosen.length === rows.length && rows.length > 0;

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  async function bulk(action: typeof cancelTask) {
    const outcomes = await Promise.allSettled(chosen.map((id) => action(id)));
    const ok = outcomes.filter((o) => o.status === 'fulfilled').length;
    setResult(t.list.bulkDone(ok, outcomes.length - ok));
    setSelected(new Set());
    router.refresh();
  }

  return (
    <div className="space-y-2">
      <div className="flex min-h-11 flex-wrap items-center gap-2">
        <label className="text-muted inline-flex items-center gap-2 px-1 text-sm">
          <input
            type="checkbox"
            checked={all}
            onChange={() => setSelected(all ? new Set() : new Set(rows.map((r) => r.id)))}
            className="accent-accent size-4"
          />
          {t.list.selectAll}
        </label>
        {chosen.length > 0 && (
          <>
            <span className="text-faint text-sm" data-testid="selected-count">
              {t.list.selected(chosen.length)}
            </span>
            <ConfirmButton
              label={t.list.bulkCancel}
              question={t.task.cancelConfirm}
              yes={t.task.confirmYes}
              no={t.task.confirmNo}
              className={btnSecondary}
              onConfirm={() => bulk(cancelTask)}
            />
            <ConfirmButton
              label={t.list.bulkRetry}
              question={t.task.retryConfirm}
              yes={t.task.confirmYes}
              no={t.task.confirmNo}
              className={btnSecondary}
              onConfirm={() => bulk(retryTask)}
            />
          </>
        )}
        {result && (
          <span role="status" className="text-muted text-sm">
            {result}
          </span>
        )}
      </div>

      <div className={`${card} divide-line divide-y`}>
        <div className={`text-faint hidden px-4 py-2 text-xs font-medium ${GRID}`} aria-hidden="true">
          <span />
          <span>{t.list.colTask}</span>
          <span>{t.list.colStatus}</span>
          <span>{t.list.colModel}</span>
          <span>{t.list.colCreated}</span>
          <span className="text-right">{t.list.colDuration}</span>
        </div>
        <ul className="divide-line divide-y" data-testid="task-list">
          {rows.map((row) => {
            const running = row.status === 'processing';
            return (
              <li key={row.id} data-testid="task-row" data-task-id={row.id} className={`relative px-4 py-3 ${GRID}`}>
                <input
                  type="checkbox"
                  aria-label={t.list.selectRow(row.title)}
                  checked={selected.has(row.id)}
                  onChange={() => toggle(row.id)}
                  className="accent-accent absolute top-4 left-4 size-4 sm:static"
                />
                <div className="min-w-0 pl-7 sm:pl-0">
                  <Link
                    href={`/tasks/${row.id}`}
                    className="text-ink hover:text-accent focus-visible:outline-accent block truncate text-sm font-medium focus-visible:outline-2"
                  >
                    {row.title}
                  </Link>
                  <p className="text-faint truncate font-mono text-xs">
                    {row.id}
                    {showOwner && row.owner && <span className="ml-2 font-sans">· {row.owner}</span>}
                    {row.batchId && (
                      <Link
                        href={`/tasks?batch=${row.batchId}`}
                        className="text-accent ml-2 font-sans hover:underline"
                        data-testid="row-batch"
                      >
                        · {t.list.batch}
                      </Link>
                    )}
                  </p>
                </div>
                <div className="mt-2 flex items-center gap-2 pl-7 sm:mt-0 sm:block sm:pl-0">
                  <StatusBadge status={row.status} label={t.task.status[row.status]} />
                  {/* Always the same height, so a row does not grow when it starts running. */}
                  <div className="h-4 flex-1 pt-1.5 sm:mt-1 sm:h-3 sm:pt-1" aria-hidden={!running}>
                    {running && (
                      <div className="flex items-center gap-2">
                        <ProgressBar value={row.progress} label={`${row.title} ${t.task.progress}`} running size="sm" />
                        <span className="text-faint w-8 text-right font-mono text-xs tabular-nums">
                          {row.progress}%
                        </span>
                      </div>
                    )}
                  </div>
                </div>
                <div className="text-faint sm:text-muted mt-1 flex flex-wrap gap-x-3 pl-7 text-xs sm:contents sm:text-sm">
                  <span className="truncate">{row.model ?? t.time.dash}</span>
                  <span className="tabular-nums">{formatDateTime(locale, timeZone, row.createdAt)}</span>
                  <span className="tabular-nums sm:text-right">{formatDuration(locale, row.durationMs)}</span>
                </div>
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
