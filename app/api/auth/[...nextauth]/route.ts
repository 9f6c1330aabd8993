import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth';
import { isHttps } from '@/lib/http/map-error';
import { withApiHeaders } from '@/lib/http/security';

// GET|POST /api/auth/* — next-auth: CSRF token, credentials sign-in, session, sign-out
const nextAuth = NextAuth(authOptions) as (request: Request, ctx: unknown) => Promise<Response>;

const handler = async (request: Request, ctx: unknown) =>
  withApiHeaders(await nextAuth(request, ctx), isHttps(request));

export { handler as GET, handler as POST };
