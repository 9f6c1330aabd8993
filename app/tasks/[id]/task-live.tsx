'use client';
import { useEffect, useState } from 'react';
import { cancelTask, queryTaskStatus, retryTask, waitForTaskCompletion } from '@/lib/client';
import { dictionaries, type Locale } from '@/lib/i18n/messages';
import { isTerminal, type TaskInfo } from '@/lib/tasks/schema';
import { ProgressBar } from '../../components/progress-bar';
import { StatusBadge } from '../../components/status-badge';
import { ScriptView } from './script-view';

export function TaskLive({ initial, locale }: { initial: TaskInfo; locale: Locale }) {
  const t = dictionaries[locale].task;
  const [task, setTask] = useState(initial);
  const [actionError, setActionError] = useState<string | null>(null);
  const [watchKey, setWatchKey] = useState(0);

  useEffect(() => {
    if (isTerminal(task.status) && watchKey === 0) return;
    const controller = new AbortController();
    waitForTaskCompletion(task.task_id, setTask, { signal: controller.signal })
      .then(setTask)
      .catch(() => {
        // Failed or cancelled: show the final state (the error panel explains it).
        if (!controller.signal.aborted) queryTaskStatus(task.task_id).then(setTask, () => undefined);
      });
    return () => controller.abort();
    // eslint-disable-next-line -- re-subscribe only when the task is re-run
  }, [watchKey, task.task_id, task.status]);

  async function act(fn: () => Promise<TaskInfo>) {
    setActionError(null);
    try {
      setTask(await fn());
      setWatchKey((k) => k + 1);
    } catch (err) {
      setActionError((err as Error).message);
    }
  }

  const running = task.status === 'pending' || task.status === 'processing';
  return (
    <div className="space-y-6">
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-bold">{task.title}</h1>
          <StatusBadge status={task.status} label={t.status[task.status]} />
          <code className="ml-auto text-xs text-slate-500" data-testid="task-id">
            {task.task_id}
          </code>
        </div>
        <div className="mt-4 flex items-center gap-3">
          <div className="flex-1">
            <ProgressBar value={task.progress} label={t.progress} />
          </div>
          <span className="w-12 text-right font-mono text-sm" data-testid="progress-value">
            {task.progress}%
          </span>
        </div>
        <p className="mt-2 min-h-5 text-sm text-slate-600" data-testid="task-message">
          {task.message}
        </p>
        {task.error && (
          <div role="alert" className="mt-4 rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            <strong>{t.error}</strong> ({task.error.code}): {task.error.message}
          </div>
        )}
        {actionError && <p className="mt-2 text-sm text-red-700">{actionError}</p>}
        <div className="mt-4 flex gap-3">
          {running && (
            <button
              type="button"
              onClick={() => act(() => cancelTask(task.task_id))}
              className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50"
            >
              {t.cancel}
            </button>
          )}
          {(task.status === 'failed' || task.status === 'cancelled') && (
            <button
              type="button"
              onClick={() => act(() => retryTask(task.task_id))}
              className="rounded bg-indigo-600 px-3 py-1.5 text-sm text-white hover:bg-indigo-700"
            >
              {t.retry}
            </button>
          )}
        </div>
      </section>
      {task.status === 'completed' && task.result && <ScriptView result={task.result} locale={locale} />}
    </div>
  );
}
