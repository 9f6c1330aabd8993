import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { sseResponse } from '@/lib/live/sse';
import { openTaskStream } from '@/lib/live/task-stream';

export const dynamic = 'force-dynamic';

// GET /api/tasks/{id}/events — Server-Sent Events: the task now, then every change, `event: end` when it is over
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  const stream = await openTaskStream(actor, (await ctx.params).id, request.signal);
  return sseResponse(stream);
});
