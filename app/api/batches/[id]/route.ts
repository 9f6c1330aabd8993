import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { getBatch } from '@/lib/tasks';

// GET /api/batches/{id} — counts by status, overall progress and the tasks; another user's batch is 404
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  return Response.json(await getBatch(actor, (await ctx.params).id));
});
