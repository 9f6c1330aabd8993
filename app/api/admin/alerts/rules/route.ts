import { z } from 'zod';
import { putOverrides } from '@/lib/alerts';
import { requireAdmin } from '@/lib/auth';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';

// PUT /api/admin/alerts/rules {rule: {key: value}} — replace the rule overrides saved on /admin/alerts (admins only)
export const PUT = handle(async (request: Request) => {
  await requireAdmin(request);
  const body = await readJson(request, z.record(z.string(), z.unknown()), 16_384);
  return Response.json(await putOverrides(body));
});
