import type { TaskStatus } from '@/lib/tasks/schema';

const COLORS: Record<TaskStatus, string> = {
  pending: 'bg-slate-100 text-slate-700',
  processing: 'bg-blue-100 text-blue-800',
  completed: 'bg-green-100 text-green-800',
  failed: 'bg-red-100 text-red-800',
  cancelled: 'bg-amber-100 text-amber-800',
};

export function StatusBadge({ status, label }: { status: TaskStatus; label: string }) {
  return (
    <span
      data-status={status}
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${COLORS[status]}`}
    >
      {label}
    </span>
  );
}
