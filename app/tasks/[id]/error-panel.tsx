// What went wrong and what to do about it: the task's error code and message, and advice per code.
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import type { TaskInfo } from '@/lib/tasks/schema';

export function ErrorPanel({ task, locale }: { task: TaskInfo; locale: Locale }) {
  const t = dictionaries[locale].task;
  if (task.status === 'cancelled') {
    return (
      <p role="status" className="border-line bg-warn-soft text-warn-ink rounded-lg border px-4 py-3 text-sm">
        {t.cancelledNote}
      </p>
    );
  }
  if (task.status !== 'failed' || !task.error) return null;
  const advice = t.advice[task.error.code] ?? t.advice.default;
  return (
    <section
      role="alert"
      data-testid="error-panel"
      className="border-danger-line bg-danger-soft rounded-lg border p-4 sm:p-6"
    >
      <h2 className="text-danger text-base font-bold">{t.error}</h2>
      <p className="text-ink mt-1 text-sm">{task.error.message}</p>
      <p className="text-muted mt-1 text-xs">
        {t.errorCode}: <code className="font-mono">{task.error.code}</code>
      </p>
      <p className="text-ink mt-3 text-sm">
        <strong className="font-medium">{t.whatToDo}</strong>
        {advice}
      </p>
    </section>
  );
}
