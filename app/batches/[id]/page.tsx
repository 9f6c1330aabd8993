import { notFound, redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import { AppError } from '@/lib/errors';
import { getMessages } from '@/lib/i18n/server';
import { getBatch } from '@/lib/tasks';
import { BatchLive } from './batch-live';

export const dynamic = 'force-dynamic';

// GET /batches/[id] — one batch, live: overall progress, counts, actions and a row per task.
export default async function BatchPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  const { id } = await params;
  const { locale } = await getMessages();
  const batch = await getBatch(actor, id).catch((err: unknown) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  return <BatchLive initial={batch} locale={locale} />;
}
