import type { TaskStatus } from '@/lib/tasks/schema';

const COLORS: Record<TaskStatus, string> = {
  pending: 'bg-slate-100 text-slate-700 ring-slate-300 dark:bg-slate-800 dark:text-slate-200 dark:ring-slate-600',
  processing: 'bg-blue-50 text-blue-800 ring-blue-200 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-800',
  completed: 'bg-green-50 text-green-800 ring-green-200 dark:bg-green-950 dark:text-green-200 dark:ring-green-800',
  failed: 'bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-800',
  cancelled: 'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800',
};

const DOT: Record<TaskStatus, string> = {
  pending: 'bg-slate-400',
  processing: 'bg-blue-500 motion-safe:animate-pulse',
  completed: 'bg-green-500',
  failed: 'bg-red-500',
  cancelled: 'bg-amber-500',
};

export function StatusBadge({ status, label }: { status: TaskStatus; label: string }) {
  return (
    <span
      data-status={status}
      data-testid="status-badge"
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${COLORS[status]}`}
    >
      <span aria-hidden="true" className={`size-1.5 rounded-full ${DOT[status]}`} />
      {label}
    </span>
  );
}
