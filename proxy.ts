// Pages and static files pass here first for their security headers: a per-request CSP nonce,
// which Next.js puts on its own scripts. API routes are left out (a proxy makes Next.js buffer a
// request's whole body before the route runs): they get theirs from lib/http/map-error.ts
// `handle`, and their cross-site check in requireUser. Auth is checked by each page and route.
import { type NextRequest, NextResponse } from 'next/server';
import { env } from '@/lib/env';
import { originOf, REFERENCE_PAGE, securityHeaders } from '@/lib/http/security';

const configuredOrigin = originOf(env.NEXTAUTH_URL);

export function proxy(request: NextRequest) {
  // The API reference's route sends its own page CSP (REFERENCE_PAGE_CSP); two policies would both apply.
  if (request.nextUrl.pathname === REFERENCE_PAGE) return NextResponse.next();
  const https = request.nextUrl.protocol === 'https:' || configuredOrigin?.startsWith('https:') === true;
  const ctx = { nonce: crypto.randomUUID().replaceAll('-', ''), https, dev: env.NODE_ENV === 'development' };
  const headers = securityHeaders(ctx, 'page');
  const forwarded = new Headers(request.headers);
  // Next.js reads the nonce for its scripts from the request's CSP header.
  forwarded.set('x-nonce', ctx.nonce);
  forwarded.set('content-security-policy', headers['Content-Security-Policy'] as string);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [k, v] of Object.entries(headers)) response.headers.set(k, v);
  return response;
}

export const config = {
  // Everything but the API: pages, and static files (they get nosniff too).
  matcher: '/((?!api/).*)',
};
