import { requireAdmin } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { metricsReport, parseWindow } from '@/lib/metrics/report';

export const dynamic = 'force-dynamic';

// GET /api/admin/metrics?window=1h|24h|7d|30d — the metrics page's figures as JSON (admins only)
export const GET = handle(async (request: Request) => {
  await requireAdmin(request);
  const window = parseWindow(new URL(request.url).searchParams.get('window'));
  return Response.json(await metricsReport(window));
});
