// The account page: who is signed in and their API tokens (never the secrets).
import { listTokens } from '@/lib/auth/tokens';
import { getUser } from '@/lib/auth/users';
import { notFound } from '@/lib/errors';
import type { Actor } from '@/lib/tasks';

export async function presentAccount(actor: Actor) {
  const [user, tokens] = await Promise.all([getUser(actor.id), listTokens(actor.id)]);
  if (!user) throw notFound('User');
  return { user, tokens };
}
export type AccountView = Awaited<ReturnType<typeof presentAccount>>;
