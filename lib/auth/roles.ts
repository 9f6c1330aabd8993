// Roles and tiers without SQL: ADMIN_EMAILS promotes accounts at sign-up and at every sign-in;
// `npm run user -- role|tier …` and the admin users page change them later.
import { getDb } from '../db/client';
import { env } from '../env';
import { notFound, unprocessable } from '../errors';
import { forgetRecentUsers } from './recent-users';
import type { UserInfo } from './schema';
import { endSessions } from './sessions';
import { toUserInfo, userSelect } from './user-row';

export const ROLES = ['user', 'admin'] as const;
export const TIERS = ['standard', 'vip'] as const;
export type Role = (typeof ROLES)[number];
export type Tier = (typeof TIERS)[number];

/** Whether ADMIN_EMAILS names this email (compared lower-cased). */
export const isListedAdmin = (email: string, list: readonly string[] = env.ADMIN_EMAILS): boolean =>
  list.includes(email.trim().toLowerCase());

/**
 * Makes the user an admin when ADMIN_EMAILS lists their email and they are not one yet; returns
 * the user as it now is. Called at sign-up and on every sign-in (password or external).
 */
export async function applyAdminEmails(user: UserInfo): Promise<UserInfo> {
  if (user.role === 'admin' || !isListedAdmin(user.email)) return user;
  const row = await getDb().user.update({ where: { id: user.id }, data: { role: 'admin' }, select: userSelect });
  return toUserInfo(row);
}

export interface RoleChange {
  role?: Role | undefined;
  tier?: Tier | undefined;
}

function checkChange(change: RoleChange): void {
  if (change.role !== undefined && !ROLES.includes(change.role))
    throw unprocessable('validation_error', `role must be one of ${ROLES.join(', ')}.`, 'role');
  if (change.tier !== undefined && !TIERS.includes(change.tier))
    throw unprocessable('validation_error', `tier must be one of ${TIERS.join(', ')}.`, 'tier');
}

/** Sets role and/or tier of the user with this id or email; 404 when there is none. */
export async function changeUser(who: { id: string } | { email: string }, change: RoleChange): Promise<UserInfo> {
  checkChange(change);
  const data = {
    ...(change.role ? { role: change.role } : {}),
    ...(change.tier ? { tier: change.tier } : {}),
  };
  const where = 'id' in who ? { id: who.id } : { email: who.email.trim().toLowerCase() };
  if ('id' in who && !/^[0-9a-f-]{36}$/i.test(who.id)) throw notFound('User');
  const n = await getDb().user.updateMany({ where, data });
  if (n.count === 0) throw notFound('User');
  forgetRecentUsers();
  const row = await getDb().user.findUniqueOrThrow({ where, select: userSelect });
  // A role change is an admin action on the account: its sessions end, so it signs in anew.
  if (change.role) await endSessions(row.id);
  return toUserInfo(row);
}

export interface UserListRow extends UserInfo {
  tasks: number;
}

/** Users for the admin page: newest first, optionally filtered by an email substring. */
export async function listUsers(opts: { q?: string | null; limit?: number } = {}): Promise<UserListRow[]> {
  const q = opts.q?.trim().toLowerCase();
  const rows = await getDb().user.findMany({
    where: q ? { email: { contains: q } } : {},
    select: { ...userSelect, _count: { select: { tasks: true } } },
    orderBy: { createdAt: 'desc' },
    take: Math.min(500, opts.limit ?? 200),
  });
  return rows.map((r) => ({ ...toUserInfo(r), tasks: r._count.tasks }));
}
