// Every route and page checks the user itself: a Bearer token, or the next-auth session cookie.
import { createHash, timingSafeEqual } from 'node:crypto';
import { getServerSession } from 'next-auth';
import { env } from '../env';
import { AppError, notFound, unauthorized } from '../errors';
import { crossSiteReason, originOf } from '../http/security';
import type { Actor } from '../tasks/actor';
import { authOptions } from './options';
import { recentUsers } from './recent-users';
import { hashToken, userForToken } from './tokens';

/** What authentication reads of a request: a web Request, or a live stream's raw request. */
export type CredentialRequest = Pick<Request, 'method' | 'url' | 'headers'>;

/** The signed-in user of a page or server component, or null (also when the session was ended). */
export async function currentActor(): Promise<Actor | null> {
  return actorOf(await getServerSession(authOptions));
}

/** For route handlers: Authorization: Bearer <token>, else the session cookie; 401 otherwise. */
export async function requireUser(request: CredentialRequest): Promise<Actor> {
  const header = request.headers.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    const actor = match?.[1] ? await userForToken(match[1]) : null;
    if (!actor) throw unauthorized('The API token is missing, malformed, unknown or revoked.');
    return actor;
  }
  // The session cookie rides along on any request a browser makes, whichever site asked for it.
  const crossSite = crossSiteReason(request.method, request.headers, ownOrigins(request));
  if (crossSite) {
    throw new AppError(
      403,
      'cross_site_request',
      'This request came from another site and was refused; use the app itself, or an API token.',
    );
  }
  const actor = await sessionActor(request.headers);
  if (!actor) throw unauthorized();
  return actor;
}

/**
 * requireUser, its answer (the actor, or the 401 / 403) shared for up to a second by requests with
 * the same credentials: live stream opens, which arrive in crowds (lib/auth/recent-users.ts).
 */
export async function requireUserRecent(request: CredentialRequest): Promise<Actor> {
  const h = request.headers;
  const key = hashToken(
    [
      request.method,
      h.get('authorization'),
      h.get('cookie'),
      h.get('origin'),
      h.get('sec-fetch-site'),
      h.get('host'),
    ].join('\n'),
  );
  const answer = await recentUsers.get(key, () =>
    requireUser(request).then(
      (actor) => ({ actor }),
      (err: unknown) => {
        if (err instanceof AppError) return { error: err };
        throw err; // the database being down is not an answer to keep
      },
    ),
  );
  if ('error' in answer) throw answer.error;
  return answer.actor;
}

/**
 * The user of a session cookie in `headers`, or null: the same session check as currentActor(),
 * read from the request itself rather than from Next.js's request context, so it also answers
 * outside it (a live stream's access re-check at a heartbeat).
 */
async function sessionActor(headers: Headers): Promise<Actor | null> {
  const cookies: Record<string, string> = {};
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      cookies[part.slice(0, eq).trim()] = decodeURIComponent(raw);
    } catch {
      cookies[part.slice(0, eq).trim()] = raw;
    }
  }
  const noop = () => undefined;
  const session = await getServerSession(
    { headers: Object.fromEntries(headers), cookies } as never,
    { getHeader: noop, setCookie: noop, setHeader: noop } as never,
    authOptions,
  );
  return actorOf(session);
}

function actorOf(session: { user?: unknown } | null): Actor | null {
  const user = session?.user as Partial<Actor> | undefined;
  return user?.id && user.role && user.tier ? { id: user.id, role: user.role, tier: user.tier } : null;
}

/** For admin routes: 401 without credentials, 404 for a signed-in non-admin (admin routes do not exist for them). */
export async function requireAdmin(request: Request): Promise<Actor> {
  const actor = await requireUser(request);
  if (actor.role !== 'admin') throw notFound('Page');
  return actor;
}

/** GET /api/metrics: the METRICS_TOKEN bearer, or an admin (session or API token); 401 for anyone else. */
export async function requirePrometheus(request: Request): Promise<void> {
  const header = request.headers.get('authorization') ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1];
  if (bearer && env.METRICS_TOKEN && sameSecret(bearer, env.METRICS_TOKEN)) return;
  const actor = await requireUser(request).catch((err: unknown) => {
    // Bad or missing credentials are this route's 401 below; anything else (database down) is not.
    if (err instanceof AppError && err.status === 401) return null;
    throw err;
  });
  if (actor?.role !== 'admin')
    throw unauthorized('Send Authorization: Bearer <METRICS_TOKEN>, or sign in as an admin.');
}

function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

const configuredOrigin = originOf(env.NEXTAUTH_URL);

/** This server's origins: the one NEXTAUTH_URL names, and the one the request was addressed to. */
function ownOrigins(request: CredentialRequest): string[] {
  const host = request.headers.get('host');
  const own = host ? [`${new URL(request.url).protocol}//${host}`] : [];
  return configuredOrigin ? [configuredOrigin, ...own] : own;
}

/** The caller when it authenticates, else null (never throws: for routes anyone may call). */
export async function optionalUser(request: Request): Promise<Actor | null> {
  return requireUser(request).catch(() => null);
}
