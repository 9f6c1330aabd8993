import { z } from 'zod';
import { requireUser } from '@/lib/auth';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';
import { setUrgent } from '@/lib/tasks';

const Body = z.object({ urgent: z.boolean() }).strict();

// POST /api/tasks/{id}/priority {urgent} — admins only: a waiting task goes before everyone's normal tasks; else 409
export const POST = handle(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const actor = await requireUser(request);
  const { urgent } = await readJson(request, Body, 1024);
  return Response.json(await setUrgent(actor, (await ctx.params).id, urgent));
});
