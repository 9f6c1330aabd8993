import { requestIp, SignUpBody, signUp } from '@/lib/auth';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';
import { getLocale } from '@/lib/i18n/server';

// POST /api/users — create an account {email, password, name?}; 201 with the user, the same for an
// email that already has one (403 when sign-up is off, 429 over the per-address limit). With SMTP
// configured, `verification: "email_sent"`: the account signs in once its address is verified.
export const POST = handle(async (request: Request) => {
  const body = await readJson(request, SignUpBody, 16_384);
  const user = await signUp(body, await requestIp(), await getLocale());
  return Response.json(user, { status: 201 });
});
