// The account page: who is signed in and their API tokens (never the secrets).
import { listTokens } from '../auth/tokens';
import { getUser } from '../auth/users';
import { notFound } from '../errors';
import type { Actor } from '../tasks';

export async function presentAccount(actor: Actor) {
  const [user, tokens] = await Promise.all([getUser(actor.id), listTokens(actor.id)]);
  if (!user) throw notFound('User');
  return { user, tokens };
}
export type AccountView = Awaited<ReturnType<typeof presentAccount>>;
