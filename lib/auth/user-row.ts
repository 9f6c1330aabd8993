// The columns of a user that UserInfo shows, and the mapping: shared by sign-up, sign-in and roles.
import type { Prisma } from '../generated/prisma/client';
import type { UserInfo } from './schema';

/** The columns a UserInfo needs. */
export const userSelect = { id: true, email: true, name: true, role: true, tier: true, createdAt: true } as const;

type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

export const toUserInfo = (u: UserRow): UserInfo => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  tier: u.tier,
  created_at: u.createdAt.toISOString(),
});
