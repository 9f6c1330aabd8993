import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { deleteWebhook } from '@/lib/notify';

// DELETE /api/webhooks/{id} — remove one of the caller's endpoints; 204
export const DELETE = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  await deleteWebhook(actor.id, (await ctx.params).id);
  return new Response(null, { status: 204 });
});
