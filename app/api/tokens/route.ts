import {
  CreateTokenBody,
  createToken,
  invalidCredentials,
  listTokens,
  requireUser,
  verifyCredentials,
} from '@/lib/auth';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';

// POST /api/tokens — {name} with a session cookie, or {email, password, name}; 201 with the token, shown once
export const POST = handle(async (request: Request) => {
  const body = await readJson(request, CreateTokenBody, 16_384);
  let userId: string;
  if (body.email !== undefined || body.password !== undefined) {
    const user = await verifyCredentials({ email: body.email, password: body.password });
    if (!user) throw invalidCredentials();
    userId = user.id;
  } else {
    userId = (await requireUser(request)).id;
  }
  return Response.json(await createToken(userId, body.name), { status: 201 });
});

// GET /api/tokens — the caller's tokens (never the secrets), newest first
export const GET = handle(async (request: Request) => {
  const actor = await requireUser(request);
  return Response.json({ tokens: await listTokens(actor.id) });
});
