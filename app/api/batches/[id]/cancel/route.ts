import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { cancelBatch } from '@/lib/tasks';

// POST /api/batches/{id}/cancel — cancels every waiting or running task of the batch; answers the batch
export const POST = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  return Response.json(await cancelBatch(actor, (await ctx.params).id));
});
