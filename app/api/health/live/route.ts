export const dynamic = 'force-dynamic';

// GET /api/health/live — the process is up and serving (no database call): for liveness probes
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
}
