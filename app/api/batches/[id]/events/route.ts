import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { openBatchStream } from '@/lib/live/batch-stream';
import { sseResponse } from '@/lib/live/sse';

export const dynamic = 'force-dynamic';

// GET /api/batches/{id}/events — Server-Sent Events: `event: batch` now and on every change of its tasks, `event: end` when none waits or runs
export const GET = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  const stream = await openBatchStream(actor, (await ctx.params).id, request.signal);
  return sseResponse(stream);
});
