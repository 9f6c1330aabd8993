import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { listEvents } from '@/lib/tasks';

// GET /api/tasks/{id}/history — the task's log: created, started, stages, retries, the end
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  return Response.json({ events: await listEvents(actor, (await ctx.params).id) });
});
