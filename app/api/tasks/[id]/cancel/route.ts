import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { requestCancel } from '@/lib/tasks';

// POST /api/tasks/{id}/cancel — pending: cancelled at once; processing: the worker aborts within a second; else 409
export const POST = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  return Response.json(await requestCancel(actor, (await ctx.params).id));
});
