import { confirmEmail, ResendVerificationBody, requestIp, resendVerification, TOKEN_PATTERN } from '@/lib/auth';
import { badRequest } from '@/lib/errors';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';
import { getLocale } from '@/lib/i18n/server';

// GET /api/users/verification?token= — the link in a verification mail: marks the address
// verified (signing nobody in) and answers 303 to /verify-email?result=verified|already_verified|invalid
export const GET = handle(async (request: Request) => {
  const token = new URL(request.url).searchParams.get('token') ?? '';
  if (!TOKEN_PATTERN.test(token))
    throw badRequest('invalid_token', 'The link is incomplete: open it exactly as mailed.');
  const result = await confirmEmail(token);
  return new Response(null, { status: 303, headers: { Location: `/verify-email?result=${result}` } });
});

// POST /api/users/verification — send the verification link again {email}; 202 whether or not the
// address has an account (429 over the per-address limit, 422 when this server cannot send mail)
export const POST = handle(async (request: Request) => {
  const body = await readJson(request, ResendVerificationBody, 4_096);
  await resendVerification(body.email, await requestIp(), await getLocale());
  return Response.json({ status: 'queued' }, { status: 202 });
});
