import { requireUser } from '@/lib/auth';
import { AppError } from '@/lib/errors';
import { handle } from '@/lib/http/map-error';
import { sseResponse } from '@/lib/live/sse';
import { openTaskStream } from '@/lib/live/task-stream';
import { canSeeTask } from '@/lib/tasks';

export const dynamic = 'force-dynamic';

// GET /api/tasks/{id}/events — Server-Sent Events: the task now, then every change, `event: end` when it is
// over or access is lost; 429 over the user's open streams, 503 over the process's (Retry-After)
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  const taskId = (await ctx.params).id;
  // Every heartbeat: is the token or session still good, and may this user still see the task?
  const stillAllowed = async () => {
    try {
      await canSeeTask(await requireUser(request), taskId);
      return true;
    } catch (err) {
      if (err instanceof AppError && (err.status === 401 || err.status === 404)) return false;
      throw err;
    }
  };
  const stream = await openTaskStream(actor, taskId, request.signal, { stillAllowed });
  return sseResponse(stream);
});
