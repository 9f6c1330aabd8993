import { handle } from '@/lib/http/map-error';
import { openThroughRoute, registerDirectOpen } from '@/lib/live/direct-open';
import { serveSse } from '@/lib/live/sse';
import { viewerStream } from '@/lib/live/task-stream';

export const dynamic = 'force-dynamic';

// From now on the web server opens these streams itself, before Next.js routes them (decision
// 0127); this route answers the first ones after a start, and every one without the preload.
registerDirectOpen();

// GET /api/tasks/{id}/events — Server-Sent Events: the task now, then every change, `event: end` when it is
// over or access is lost; 429 over the user's open streams, 503 over the process's (Retry-After)
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const viewer = await openThroughRoute(request, (await ctx.params).id);
  return serveSse(request, viewer, () => viewerStream(viewer, request.signal));
});
