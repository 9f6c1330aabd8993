import { checkReady } from '@/lib/health';
import { handle } from '@/lib/http/map-error';

export const dynamic = 'force-dynamic';

// GET /api/health/ready — the database and the queue answer: 200, else 503 (status only, no error text)
export const GET = handle(async () => {
  const ready = await checkReady();
  return Response.json(ready, {
    status: ready.ok ? 200 : 503,
    headers: ready.ok ? { 'cache-control': 'no-store' } : { 'cache-control': 'no-store', 'Retry-After': '5' },
  });
});
