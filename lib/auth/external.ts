// Sign-in through GitHub or an OIDC issuer: sessions are JWTs without a next-auth adapter, so the
// external identity is mapped to our own `users` row by its verified, lower-cased email. Unknown
// emails get a new account (when ALLOW_SIGNUP allows) with an unusable random password hash and
// the e-mail marked verified; an existing account is joined only when its e-mail is verified.
import { randomBytes } from 'node:crypto';
import { getDb } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { env } from '../env';
import { cleanText, sliceCodePoints } from '../storable-text';
import { hashPassword } from './password';
import { applyAdminEmails, isListedAdmin } from './roles';
import type { UserInfo } from './schema';
import { getUser, toUserInfo, userSelect } from './users';

export interface ExternalIdentity {
  /** Only an email the provider says is verified; null/undefined otherwise. */
  email: string | null | undefined;
  name?: string | null;
}

export type ExternalSignIn =
  | { ok: true; user: UserInfo; created: boolean }
  | { ok: false; reason: 'email_unverified' | 'account_unverified' | 'signup_closed' };

export async function userForExternalIdentity(
  identity: ExternalIdentity,
  opts: { allowSignup?: boolean } = {},
): Promise<ExternalSignIn> {
  const email = identity.email?.trim().toLowerCase();
  if (!email || email.length > 254 || !email.includes('@')) return { ok: false, reason: 'email_unverified' };
  const db = getDb();
  const existing = await db.user.findUnique({ where: { email }, select: { ...userSelect, emailVerifiedAt: true } });
  // Anyone can sign up with someone else's address: an account whose e-mail was never proven is
  // not joined to the provider's identity, or its maker would share the victim's account.
  if (existing && !existing.emailVerifiedAt) return { ok: false, reason: 'account_unverified' };
  if (existing) return { ok: true, user: await applyAdminEmails(toUserInfo(existing)), created: false };
  if (!(opts.allowSignup ?? env.ALLOW_SIGNUP)) return { ok: false, reason: 'signup_closed' };
  const name = sliceCodePoints(cleanText(identity.name ?? '').trim(), 100) || email.split('@')[0] || email;
  // Nobody knows this password: the account signs in through its provider (or a reset, later).
  const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  try {
    const role = isListedAdmin(email) ? 'admin' : 'user';
    const user = await db.user.create({
      data: { email, name, passwordHash, role, emailVerifiedAt: new Date() },
      select: userSelect,
    });
    return { ok: true, user: toUserInfo(user), created: true };
  } catch (err) {
    // Two first sign-ins at once: the other one created it.
    if (isUniqueViolation(err)) {
      const again = await db.user.findUnique({ where: { email }, select: { id: true } });
      const user = again ? await getUser(again.id) : null;
      if (user) return { ok: true, user, created: false };
    }
    throw err;
  }
}
