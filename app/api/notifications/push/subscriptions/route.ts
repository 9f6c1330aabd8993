import { requireUser } from '@/lib/auth';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';
import { subscribePush, unsubscribePush } from '@/lib/notify/push';
import { DeletePushSubscriptionBody, PushSubscriptionBody } from '@/lib/notify/schema';

// POST /api/notifications/push/subscriptions — the browser's PushSubscription JSON; 201
export const POST = handle(async (request: Request) => {
  const actor = await requireUser(request);
  const body = await readJson(request, PushSubscriptionBody, 8192);
  return Response.json(await subscribePush(actor.id, body), { status: 201 });
});

// DELETE /api/notifications/push/subscriptions — {endpoint}; 204
export const DELETE = handle(async (request: Request) => {
  const actor = await requireUser(request);
  const { endpoint } = await readJson(request, DeletePushSubscriptionBody, 8192);
  await unsubscribePush(actor.id, endpoint);
  return new Response(null, { status: 204 });
});
