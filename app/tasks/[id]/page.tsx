import { notFound, redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import { AppError } from '@/lib/errors';
import { getMessages } from '@/lib/i18n/server';
import { getTaskInfo } from '@/lib/tasks';
import { TaskLive } from './task-live';

export const dynamic = 'force-dynamic';

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  const { id } = await params;
  const { locale } = await getMessages();
  const task = await getTaskInfo(actor, id).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  return <TaskLive initial={task} locale={locale} />;
}
