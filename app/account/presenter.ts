// The account page: who is signed in, their API tokens (never the secrets), notification
// settings, webhook endpoints and the delivery log.
import { listTokens } from '@/lib/auth/tokens';
import { getUser } from '@/lib/auth/users';
import { notFound } from '@/lib/errors';
import { getSettings, listDeliveries, listWebhooks } from '@/lib/notify';
import { getPhone } from '@/lib/notify/phone';
import type { Actor } from '@/lib/tasks';

export async function presentAccount(actor: Actor) {
  const [user, tokens, notifications, webhooks, deliveries, phone] = await Promise.all([
    getUser(actor.id),
    listTokens(actor.id),
    getSettings(actor.id),
    listWebhooks(actor.id),
    listDeliveries(actor.id),
    getPhone(actor.id),
  ]);
  if (!user) throw notFound('User');
  return { user, tokens, notifications, webhooks, deliveries, phone };
}
export type AccountView = Awaited<ReturnType<typeof presentAccount>>;
