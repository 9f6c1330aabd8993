import { requireUser } from '@/lib/auth';
import { AppError } from '@/lib/errors';
import { handle } from '@/lib/http/map-error';
import { serveSse } from '@/lib/live/sse';
import { openTaskViewer, viewerStream } from '@/lib/live/task-stream';
import { canSeeTask } from '@/lib/tasks';

export const dynamic = 'force-dynamic';

/** The headers that say who the viewer is: all the access re-check keeps of the request. */
const CREDENTIALS = ['authorization', 'cookie', 'host'];

// GET /api/tasks/{id}/events — Server-Sent Events: the task now, then every change, `event: end` when it is
// over or access is lost; 429 over the user's open streams, 503 over the process's (Retry-After)
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  const taskId = (await ctx.params).id;
  const headers = new Headers();
  for (const name of CREDENTIALS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const url = request.url;
  // Every heartbeat, once per (credentials, task): is the token or session still good, and may
  // this user still see the task?
  const check = async () => {
    try {
      await canSeeTask(await requireUser(new Request(url, { headers })), taskId);
      return true;
    } catch (err) {
      if (err instanceof AppError && (err.status === 401 || err.status === 404)) return false;
      throw err;
    }
  };
  const key = `${headers.get('authorization') ?? ''}|${headers.get('cookie') ?? ''}|${taskId}`;
  const viewer = await openTaskViewer(actor, taskId, { key, check });
  return serveSse(request, viewer, () => viewerStream(viewer, request.signal));
});
