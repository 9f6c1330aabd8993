import { SignUpBody, signUp } from '@/lib/auth';
import { readJson } from '@/lib/http/body';
import { handle } from '@/lib/http/map-error';

// POST /api/users — create an account {email, password, name?}; 201 with the user (403 when sign-up is off)
export const POST = handle(async (request: Request) => {
  const body = await readJson(request, SignUpBody, 16_384);
  const user = await signUp(body);
  return Response.json(user, { status: 201 });
});
