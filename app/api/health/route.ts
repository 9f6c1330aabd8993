import { optionalUser } from '@/lib/auth';
import { checkHealth, publicHealth } from '@/lib/health';
import { handle } from '@/lib/http/map-error';

export const dynamic = 'force-dynamic';

// GET /api/health — {ok, status} for anyone; an admin also gets the database, the queue and the
// live workers (hostnames, pids). 503 with Retry-After when the database is down.
export const GET = handle(async (request: Request) => {
  const health = await checkHealth();
  const admin = health.database.ok && (await optionalUser(request))?.role === 'admin';
  return Response.json(admin ? health : publicHealth(health), {
    status: health.database.ok ? 200 : 503,
    headers: health.database.ok ? {} : { 'Retry-After': '5' },
  });
});
