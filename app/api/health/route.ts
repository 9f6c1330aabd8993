import { checkHealth } from '@/lib/health';
import { handle } from '@/lib/http/map-error';

export const dynamic = 'force-dynamic';

// GET /api/health — database, queue and live workers; 503 with Retry-After when the database is down
export const GET = handle(async () => {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.database.ok ? 200 : 503,
    headers: health.database.ok ? {} : { 'Retry-After': '5' },
  });
});
