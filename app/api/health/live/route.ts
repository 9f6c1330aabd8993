import { handle } from '@/lib/http/map-error';

export const dynamic = 'force-dynamic';

// GET /api/health/live — the process is up and serving (no database call): for liveness probes
export const GET = handle(async () => Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } }));
