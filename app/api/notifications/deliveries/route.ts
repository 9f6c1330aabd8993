import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { listDeliveries } from '@/lib/notify';

// GET /api/notifications/deliveries — the caller's delivery log (channel, event, attempts, last response), newest first
export const GET = handle(async (request: Request) => {
  const actor = await requireUser(request);
  return Response.json({ deliveries: await listDeliveries(actor.id) });
});
