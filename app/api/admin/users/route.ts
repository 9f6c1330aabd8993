import { listUsers, requireAdmin } from '@/lib/auth';
import { handle } from '@/lib/http/map-error';

export const dynamic = 'force-dynamic';

// GET /api/admin/users?q= — accounts with role, tier and task count (admins only)
export const GET = handle(async (request: Request) => {
  await requireAdmin(request);
  const q = new URL(request.url).searchParams.get('q');
  return Response.json({ users: await listUsers({ q }) });
});
