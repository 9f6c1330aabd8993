import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { partialScriptFor } from '@/lib/tasks';

// GET /api/tasks/{id}/partial — the episodes written so far while the task runs (each marked
// complete or not); empty with result_url once completed; 404 for another user's task
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  return Response.json(await partialScriptFor(actor, (await ctx.params).id), {
    headers: { 'cache-control': 'no-store' },
  });
});
