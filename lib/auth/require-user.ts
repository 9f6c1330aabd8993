// Every route and page checks the user itself: a Bearer token, or the next-auth session cookie.
import { createHash, timingSafeEqual } from 'node:crypto';
import { getServerSession } from 'next-auth';
import { env } from '../env';
import { AppError, notFound, unauthorized } from '../errors';
import type { Actor } from '../tasks/actor';
import { authOptions } from './options';
import { userForToken } from './tokens';
import { getUser } from './users';

export async function actorFromUserId(userId: string | null | undefined): Promise<Actor | null> {
  if (!userId) return null;
  const user = await getUser(userId);
  return user ? { id: user.id, role: user.role, tier: user.tier } : null;
}

/** The signed-in user of a page or server component, or null. */
export async function currentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions);
  return actorFromUserId((session?.user as { id?: string } | undefined)?.id);
}

/** For route handlers: Authorization: Bearer <token>, else the session cookie; 401 otherwise. */
export async function requireUser(request: Request): Promise<Actor> {
  const header = request.headers.get('authorization');
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    const actor = match?.[1] ? await userForToken(match[1]) : null;
    if (!actor) throw unauthorized('The API token is missing, malformed, unknown or revoked.');
    return actor;
  }
  const actor = await currentActor();
  if (!actor) throw unauthorized();
  return actor;
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
