import { alertsView } from '@/lib/alerts';
import { requireAdmin } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';

export const dynamic = 'force-dynamic';

// GET /api/admin/alerts — firing and recently resolved alerts, and the effective rules (admins only)
export const GET = handle(async (request: Request) => {
  await requireAdmin(request);
  return Response.json(await alertsView());
});
