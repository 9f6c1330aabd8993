// The security headers of every page and route, and the cross-site check of cookie-authenticated
// mutations. Pages get theirs in proxy.ts (a fresh CSP nonce each); API routes in the one route
// wrapper (lib/http/map-error.ts `handle`), because a proxy in front of a route makes Next.js
// buffer the whole request body before the route runs, so limits could not answer first.

export interface HeaderContext {
  /** The per-request nonce Next.js puts on its own scripts (pages only). */
  nonce: string | null;
  /** Served over https (directly, or NEXTAUTH_URL says so behind a TLS proxy): send HSTS. */
  https: boolean;
  /** `next dev` evaluates code at run time; production never does. */
  dev: boolean;
}

/** A page's CSP: scripts only with this request's nonce; nothing may frame us. */
export function contentSecurityPolicy(ctx: HeaderContext): string {
  const script = ctx.nonce
    ? `'self' 'nonce-${ctx.nonce}' 'strict-dynamic'${ctx.dev ? " 'unsafe-eval'" : ''}`
    : "'self'";
  return [
    "default-src 'self'",
    `script-src ${script}`,
    // style attributes (a progress bar's width) need 'unsafe-inline'; styles cannot run code
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    // the push service worker, /sw.js
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The one page that is not ours: /docs/api, Swagger UI. Its two scripts are same-origin files
 * (no nonce: the page is a route's HTML), and the renderer sets inline styles, so this page alone
 * gets `script-src 'self'` without 'strict-dynamic', no eval, nothing from elsewhere.
 */
/** The path of that page. */
export const REFERENCE_PAGE = '/docs/api';

export const REFERENCE_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A JSON or file answer is never a document that runs anything. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

export function securityHeaders(ctx: HeaderContext, kind: 'page' | 'api'): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': kind === 'page' ? contentSecurityPolicy(ctx) : API_CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  };
  if (ctx.https) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a request must be refused as cross-site, or null. Only mutations that would ride on the
 * session cookie are checked: a bearer token is not sent by browsers on their own, and a request
 * without Origin and Sec-Fetch-Site is not from a browser page (curl, the typed client in Node).
 */
export function crossSiteReason(method: string, headers: Headers, ownOrigins: readonly string[]): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  if (headers.get('authorization')) return null;
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${site}`;
  const origin = headers.get('origin');
  if (origin !== null && !ownOrigins.includes(origin)) return `Origin: ${origin.slice(0, 200)}`;
  return null;
}

/** The API headers on a route's answer (copied into a new Response when its headers are frozen). */
export function withApiHeaders(res: Response, https: boolean): Response {
  const headers = securityHeaders({ nonce: null, https, dev: false }, 'api');
  try {
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  } catch {
    const copy = new Headers(res.headers);
    for (const [k, v] of Object.entries(headers)) copy.set(k, v);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: copy });
  }
}

/** The origin of a configured URL (NEXTAUTH_URL), or null when unset or not a URL. */
export function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}
