'use client';
// The live task page: header (title, status, id, copy), progress with stage message, cancel and
// re-run with confirmation, the error panel, details, stage timeline, the script growing while it
// is written, and the whole script when done.
import { useState } from 'react';
import { cancelTask, retryTask, setTaskUrgent } from '@/lib/client';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import type { PartialScriptEpisode } from '@/lib/pipeline/partial-script';
import { isActive, type TaskEventInfo, type TaskInfo } from '@/lib/tasks/schema';
import { ConfirmButton } from '../../components/confirm-button';
import { CopyButton } from '../../components/copy-button';
import { ProgressBar } from '../../components/progress-bar';
import { StatusBadge } from '../../components/status-badge';
import { btnDanger, btnPrimary, btnSecondary, cardPad } from '../../components/styles';
import { Details } from './details';
import { ErrorPanel } from './error-panel';
import { NotifyToggle, notifyFinished } from './notify';
import { PartialScript } from './partial-script';
import { QualityPanel } from './quality-panel';
import { ScriptView } from './script-view';
import { Timeline } from './timeline';
import { useLiveTask } from './use-live-task';
import { usePartialScript } from './use-partial-script';

export function TaskLive({
  initial,
  events: initialEvents,
  owner,
  isAdmin = false,
  partial,
  locale,
  timeZone,
}: {
  initial: TaskInfo;
  events: TaskEventInfo[];
  owner: string | null;
  /** Admins may mark a waiting task urgent. */
  isAdmin?: boolean;
  /** The episodes written so far when the page was rendered (empty unless the task runs). */
  partial: PartialScriptEpisode[];
  locale: Locale;
  timeZone: string;
}) {
  const t = dictionaries[locale].task;
  const { task, events, restart, watching } = useLiveTask(initial, initialEvents, (done) =>
    notifyFinished(t.notifyTitle(done.title, t.status[done.status]), done.message),
  );
  const [actionError, setActionError] = useState<string | null>(null);
  const written = usePartialScript(task, partial);

  async function act(fn: (id: string) => Promise<TaskInfo>) {
    setActionError(null);
    try {
      restart(await fn(task.task_id));
    } catch (err) {
      setActionError((err as Error).message);
    }
  }

  const running = isActive(task.status);
  const hasScript = task.status === 'completed' && Boolean(task.result);
  const twoColumns = hasScript || running;
  return (
    <div className="space-y-4">
      <section className={cardPad} aria-labelledby="task-title">
        <div className="flex flex-wrap items-start gap-x-3 gap-y-2">
          <h1 id="task-title" className="min-w-0 text-xl font-bold break-words">
            {task.title}
          </h1>
          <div className="mt-1 flex gap-2">
            <StatusBadge status={task.status} label={t.status[task.status]} />
            {task.urgent && (
              <span
                className="bg-danger-soft text-danger rounded-full px-2 py-0.5 text-xs font-medium"
                data-testid="urgent"
              >
                {t.urgentBadge}
              </span>
            )}
          </div>
          <div className="flex w-full items-center gap-2 sm:ml-auto sm:w-auto">
            <span className="sr-only">{t.taskId}</span>
            <code
              className="bg-sunken text-muted min-w-0 truncate rounded px-2 py-1 font-mono text-xs"
              data-testid="task-id"
            >
              {task.task_id}
            </code>
            <CopyButton text={task.task_id} label={t.copy} copiedLabel={t.copied} />
          </div>
        </div>

        <div className="mt-4 flex items-center gap-3">
          <div className="flex-1">
            <ProgressBar
              value={task.progress}
              label={t.progress}
              running={task.status === 'processing'}
              tone={task.status === 'failed' ? 'danger' : task.status === 'cancelled' ? 'muted' : 'accent'}
            />
          </div>
          <span className="w-12 text-right font-mono text-sm tabular-nums" data-testid="progress-value">
            {task.progress}%
          </span>
        </div>
        <p className="text-muted mt-2 min-h-5 truncate text-sm" data-testid="task-message" aria-live="polite">
          {task.message}
        </p>

        {(running || task.status === 'failed' || task.status === 'cancelled' || actionError) && (
          <div className="mt-3 flex min-h-11 flex-wrap items-center gap-3">
            {running && (
              <ConfirmButton
                label={t.cancel}
                question={t.cancelConfirm}
                yes={t.confirmYes}
                no={t.confirmNo}
                className={btnDanger}
                disabled={task.cancel_requested}
                onConfirm={() => act(cancelTask)}
              />
            )}
            {(task.status === 'failed' || task.status === 'cancelled') && (
              <ConfirmButton
                label={t.retry}
                question={t.retryConfirm}
                yes={t.confirmYes}
                no={t.confirmNo}
                className={btnPrimary}
                onConfirm={() => act(retryTask)}
              />
            )}
            {isAdmin && task.status === 'pending' && (
              <button
                type="button"
                className={btnSecondary}
                data-testid="urgent-toggle"
                onClick={() => void act((id) => setTaskUrgent(id, !task.urgent))}
              >
                {task.urgent ? t.notUrgent : t.urgent}
              </button>
            )}
            {running && <NotifyToggle locale={locale} />}
            {running && <span className="text-faint text-xs">{t.waitingLive}</span>}
            {actionError && (
              <p role="alert" className="text-danger text-sm">
                {actionError}
              </p>
            )}
          </div>
        )}
      </section>

      <ErrorPanel task={task} locale={locale} />

      <div className={twoColumns ? 'grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]' : 'grid gap-4'}>
        {hasScript && task.result && (
          <div className="min-w-0 lg:order-1">
            <ScriptView result={task.result} taskId={task.task_id} locale={locale} />
          </div>
        )}
        {running && (
          <div className="min-w-0 lg:order-1">
            <PartialScript episodes={written} locale={locale} language={task.options.language ?? locale} />
          </div>
        )}
        <aside className={twoColumns ? 'min-w-0 space-y-4 lg:order-2' : 'grid items-start gap-4 lg:grid-cols-2'}>
          {hasScript && task.result?.quality && (
            <QualityPanel report={task.result.quality} setAside={task.result.source.set_aside} locale={locale} />
          )}
          <Details task={task} owner={owner} locale={locale} timeZone={timeZone} />
          <Timeline events={events} task={task} locale={locale} timeZone={timeZone} live={watching} />
        </aside>
      </div>
    </div>
  );
}
