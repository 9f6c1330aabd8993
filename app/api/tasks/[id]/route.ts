import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { getTaskInfo } from '@/lib/tasks';

// GET /api/tasks/{id} — TaskInfo; `result` when completed, `error` when failed; 404 for another user's task
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  return Response.json(await getTaskInfo(actor, (await ctx.params).id));
});
