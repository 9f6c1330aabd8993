import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { retryTask } from '@/lib/tasks';

// POST /api/tasks/{id}/retry — re-run a failed or cancelled task under the same id (else 409)
export const POST = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  return Response.json(await retryTask(actor, (await ctx.params).id));
});
