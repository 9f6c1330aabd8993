import { requireUser } from '@/lib/auth';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';
import { VerifyBody, verifyCode } from '@/lib/notify/phone';

// POST /api/notifications/phone/verify — {code}; 200 {phone, verified: true}, or 422 code_invalid / code_expired
export const POST = handle(async (request: Request) => {
  const actor = await requireUser(request);
  const { code } = await readJson(request, VerifyBody, 1024);
  return Response.json(await verifyCode(actor.id, code));
});
