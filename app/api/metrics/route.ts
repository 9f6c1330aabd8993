import { requirePrometheus } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';
import { scrape } from '@/lib/metrics/prometheus';

export const dynamic = 'force-dynamic';

// GET /api/metrics — Prometheus text format; Authorization: Bearer $METRICS_TOKEN or an admin (401 otherwise)
export const GET = handle(async (request: Request) => {
  await requirePrometheus(request);
  const { contentType, body } = await scrape();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
});
