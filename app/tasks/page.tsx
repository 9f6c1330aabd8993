import Link from 'next/link';
import { redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import { getMessages } from '@/lib/i18n/server';
import { listTasks } from '@/lib/tasks';
import { ProgressBar } from '../components/progress-bar';
import { StatusBadge } from '../components/status-badge';

export const dynamic = 'force-dynamic';

export default async function TasksPage({ searchParams }: { searchParams: Promise<{ cursor?: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  const { locale, t } = await getMessages();
  const { cursor } = await searchParams;
  const page = await listTasks(actor, { limit: 20, cursor: cursor ?? null });
  const fmt = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en', { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">{t.nav.tasks}</h1>
      {page.tasks.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {t.task.empty}{' '}
          <Link href="/tasks/new" className="text-indigo-700 hover:underline">
            {t.nav.newTask}
          </Link>
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {page.tasks.map((task) => (
            <li key={task.task_id} className="p-4">
              <Link href={`/tasks/${task.task_id}`} className="flex flex-wrap items-center gap-3">
                <StatusBadge status={task.status} label={t.task.status[task.status]} />
                <span className="font-medium">{task.title}</span>
                <span className="ml-auto text-xs text-slate-500">{fmt.format(new Date(task.created_at))}</span>
              </Link>
              {task.status === 'processing' && (
                <div className="mt-2">
                  <ProgressBar value={task.progress} label={t.task.progress} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {page.next_cursor && (
        <Link href={`/tasks?cursor=${page.next_cursor}`} className="mt-4 inline-block text-indigo-700 hover:underline">
          →
        </Link>
      )}
    </div>
  );
}
