import { requireUser, revokeToken } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';

// DELETE /api/tokens/{id} — revoke one of the caller's tokens; 204
export const DELETE = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  await revokeToken(actor.id, (await ctx.params).id);
  return new Response(null, { status: 204 });
});
