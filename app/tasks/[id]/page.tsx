import { notFound, redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import { presentTaskPage } from '@/lib/dashboard/task-page';
import { AppError } from '@/lib/errors';
import { getMessages } from '@/lib/i18n/server';
import { partialScriptFor } from '@/lib/tasks';
import { isActive } from '@/lib/tasks/schema';
import { TaskLive } from './task-live';

export const dynamic = 'force-dynamic';

// GET /tasks/[id] — one task, live; another user's task is a 404 like a missing one.
export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  const { id } = await params;
  const { locale, timeZone } = await getMessages();
  const view = await presentTaskPage(actor, id).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  const running = isActive(view.task.status);
  const partial = running ? (await partialScriptFor(actor, id)).episodes : [];
  return (
    <TaskLive
      initial={view.task}
      events={view.events}
      owner={view.owner}
      partial={partial}
      locale={locale}
      timeZone={timeZone}
    />
  );
}
