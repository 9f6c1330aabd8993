// Admin pages: a visitor goes to sign-in, a signed-in non-admin sees "not found" (the page does
// not exist for them), like an admin API route answering 404.
import { notFound, redirect } from 'next/navigation';
import { currentActor } from '@/lib/auth';
import type { Actor } from '@/lib/tasks';

export async function requireAdminPage(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect('/signin');
  if (actor.role !== 'admin') notFound();
  return actor;
}
