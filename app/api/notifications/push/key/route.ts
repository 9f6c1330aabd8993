import { requireUser } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { pushKey } from '@/lib/notify/push';

// GET /api/notifications/push/key — {available, public_key} (the VAPID applicationServerKey)
export const GET = handle(async (request: Request) => {
  await requireUser(request);
  return Response.json(pushKey());
});
