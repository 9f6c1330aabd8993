import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { sendTestEvent } from '@/lib/notify';

// POST /api/webhooks/{id}/test — queue a signed `webhook.test` event; 202 with {delivery_id}
export const POST = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  return Response.json(await sendTestEvent(actor.id, (await ctx.params).id), { status: 202 });
});
