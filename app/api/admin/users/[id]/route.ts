import { z } from 'zod';
import { changeUser, ROLES, requireAdmin, TIERS } from '@/lib/auth';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';

const Body = z.object({ role: z.enum(ROLES).optional(), tier: z.enum(TIERS).optional() }).strict();

// PATCH /api/admin/users/{id} {role?, tier?} — change an account's role or tier (admins only)
export const PATCH = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  await requireAdmin(request);
  const body = await readJson(request, Body, 1024);
  return Response.json(await changeUser({ id: (await ctx.params).id }, body));
});
