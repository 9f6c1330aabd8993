import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { retryBatch } from '@/lib/tasks';

// POST /api/batches/{id}/retry — re-runs the failed and cancelled tasks of the batch only; answers the batch
export const POST = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  return Response.json(await retryBatch(actor, (await ctx.params).id));
});
