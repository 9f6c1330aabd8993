// Revocable sessions. Session cookies are JWTs (no next-auth adapter), so each carries the user's
// `session_version` from when it was issued; every request compares it with the row. Bumping the
// version (sign-out, and any future password change or admin action) ends every session of that
// user on the next request, with no list of sessions to keep.
import { InFlight } from '../coalesce';
import { getDb } from '../db/client';
import { forgetRecentUsers } from './recent-users';
import type { UserInfo } from './schema';
import { toUserInfo, userSelect } from './user-row';

/** The version a new session cookie is issued under. */
export async function sessionVersionOf(userId: string): Promise<number> {
  const row = await getDb().user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return row?.sessionVersion ?? 0;
}

const lookups = new InFlight<UserInfo | null>();

/**
 * The user of a session cookie, or null when the user is gone or the session was ended.
 * Concurrent requests of one session share the query.
 */
export function userForSession(userId: string, version: number): Promise<UserInfo | null> {
  return lookups.get(`${userId}:${version}`, async () => {
    const row = await getDb().user.findUnique({
      where: { id: userId },
      select: { ...userSelect, sessionVersion: true },
    });
    return row && row.sessionVersion === version ? toUserInfo(row) : null;
  });
}

/** Ends every session of the user (API tokens are revoked on their own). */
export async function endSessions(userId: string): Promise<void> {
  await getDb().user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
  forgetRecentUsers();
}
