'use client';
// The live batch page: title, overall progress and counts, download, cancel and re-run, and one
// row per task (status, progress, stage message), following GET /api/batches/{id}/events.
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { type BatchInfo, cancelBatch, retryBatch } from '@/lib/client';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { isActive } from '@/lib/tasks/schema';
import { ConfirmButton } from '../../components/confirm-button';
import { ProgressBar } from '../../components/progress-bar';
import { StatusBadge } from '../../components/status-badge';
import { btnDanger, btnPrimary, btnSecondary, cardPad, link, pageTitle } from '../../components/styles';

export function BatchLive({ initial, locale }: { initial: BatchInfo; locale: Locale }) {
  const d = dictionaries[locale];
  const t = d.batch;
  const [batch, setBatch] = useState(initial);
  const [generation, setGeneration] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const running = batch.status === 'pending' || batch.status === 'processing';

  useEffect(() => {
    if (!running && generation === 0) return;
    const source = new EventSource(`/api/batches/${encodeURIComponent(initial.batch_id)}/events`);
    source.addEventListener('batch', (e) => setBatch(JSON.parse((e as MessageEvent<string>).data) as BatchInfo));
    source.addEventListener('end', () => source.close());
    return () => source.close();
  }, [initial.batch_id, generation, running]);

  async function act(fn: (id: string) => Promise<BatchInfo>) {
    setError(null);
    try {
      setBatch(await fn(batch.batch_id));
      setGeneration((g) => g + 1); // follow it again
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const retriable = batch.counts.failed + batch.counts.cancelled > 0;
  return (
    <div className="space-y-4">
      <section className={cardPad}>
        <p className="text-faint text-xs">{t.title}</p>
        <h1 className={`${pageTitle} break-words`}>{batch.title}</h1>
        <p className="text-faint mt-1 font-mono text-xs">{batch.batch_id}</p>
        <div className="mt-4 flex items-center gap-3">
          <div className="min-w-0 flex-1">
            <ProgressBar value={batch.progress} label={t.progress} running={running} />
          </div>
          <span className="w-12 text-right font-mono text-sm tabular-nums" data-testid="batch-progress">
            {batch.progress}%
          </span>
        </div>
        <p className="text-muted mt-2 text-sm" data-testid="batch-status">
          {t.status[batch.status]} · {t.counts(batch.counts.completed, batch.total)}
        </p>
        <div className="mt-3 flex flex-wrap items-center gap-3">
          {batch.counts.completed > 0 && (
            <a href={`/api/batches/${batch.batch_id}/result?format=txt`} className={btnPrimary} data-testid="batch-zip">
              {t.download}
            </a>
          )}
          {running && (
            <ConfirmButton
              label={t.cancel}
              question={t.cancelConfirm}
              yes={d.task.confirmYes}
              no={d.task.confirmNo}
              className={btnDanger}
              onConfirm={() => act(cancelBatch)}
            />
          )}
          {retriable && (
            <button type="button" className={btnSecondary} onClick={() => void act(retryBatch)}>
              {t.retry}
            </button>
          )}
          <Link href={`/tasks?batch=${batch.batch_id}`} className={`${link} text-sm`}>
            {t.inList}
          </Link>
          {error && (
            <p role="alert" className="text-danger text-sm">
              {error}
            </p>
          )}
        </div>
      </section>

      <section className={cardPad}>
        <h2 className="mb-2 text-base font-bold">{t.tasks}</h2>
        <ul className="divide-line divide-y" data-testid="batch-tasks">
          {(batch.tasks ?? []).map((task) => (
            <li key={task.task_id} className="grid gap-2 py-3 sm:grid-cols-[minmax(0,1fr)_8rem_10rem] sm:items-center">
              <div className="min-w-0">
                <Link
                  href={`/tasks/${task.task_id}`}
                  className="text-ink hover:text-accent block truncate text-sm font-medium"
                >
                  {task.title}
                </Link>
                <p className="text-faint truncate text-xs">{task.message}</p>
              </div>
              <StatusBadge status={task.status} label={d.task.status[task.status]} />
              <ProgressBar
                value={task.status === 'completed' ? 100 : task.progress}
                label={`${task.title} ${d.task.progress}`}
                running={isActive(task.status)}
                size="sm"
              />
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
