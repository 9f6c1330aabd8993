import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { listEvents } from '@/lib/tasks';

// GET /api/tasks/{id}/history?cursor=&limit= — the task's log, oldest first, a page at a time:
// created, started, stages, retries, the end; `next_cursor` until the last page
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  const p = new URL(request.url).searchParams;
  return Response.json(
    await listEvents(actor, (await ctx.params).id, { cursor: p.get('cursor'), limit: p.get('limit') }),
  );
});
