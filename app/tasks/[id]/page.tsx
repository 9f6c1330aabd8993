import { notFound, redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import { AppError } from '@/lib/errors';
import { getMessages } from '@/lib/i18n/server';
import { getTaskDetail } from '@/lib/tasks';
import { TaskLive } from './task-live';

export const dynamic = 'force-dynamic';

// GET /tasks/[id] — one task, live; another user's task is a 404 like a missing one.
export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  const { id } = await params;
  const { locale, timeZone } = await getMessages();
  const view = await getTaskDetail(actor, id).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  return (
    <TaskLive
      initial={view.task}
      events={view.events}
      owner={view.owner}
      isAdmin={actor.role === 'admin'}
      partial={view.partial}
      locale={locale}
      timeZone={timeZone}
    />
  );
}
