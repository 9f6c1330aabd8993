// Accounts: sign-up (can be switched off with ALLOW_SIGNUP=false) and credential checks.
import { randomUUID } from 'node:crypto';
import { getDb } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { env } from '../env';
import { AppError, forbidden } from '../errors';
import { takeHit } from '../limits/hits';
import type { MessageLocale } from '../notify/templates';
import { clientIp } from './client-ip';
import { beginLoginAttempt } from './login-limit';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password';
import { applyAdminEmails, isListedAdmin } from './roles';
import { Credentials, type SignUpBody, type UserInfo } from './schema';
import { toUserInfo, userSelect } from './user-row';
import { mailAllowed, queueAccountMail, type SignUpVerification, verificationEnabled } from './verification';

export { toUserInfo, userSelect };

/** Whether the sign-up page offers the form (ALLOW_SIGNUP; signUp refuses too when off). */
export const signupAllowed = (): boolean => env.ALLOW_SIGNUP;

/** What POST /api/users answers: the user, and whether a verification mail went out. */
export interface SignUpResult extends UserInfo {
  verification: SignUpVerification;
}

/**
 * Creates an account. Throttled per client address (SIGNUP_PER_IP_PER_HOUR) before any work, and
 * answers the same way whether or not the email already has an account: an existing one gets an
 * answer of the same shape (a fresh id that belongs to nobody), after the same hashing time, and
 * is left untouched, so sign-up cannot be used to learn who has an account here. When mail can be
 * sent (docs/decisions/0128), a new account is created unverified with its verification mail
 * queued in the same transaction, and an existing address's owner is told by mail instead (a new
 * link if that account is still unverified); both within the per-address mail limit.
 */
export async function signUp(body: SignUpBody, ip: string | null, locale: MessageLocale = 'zh'): Promise<SignUpResult> {
  if (!env.ALLOW_SIGNUP)
    throw forbidden('Sign-up is switched off on this server; ask an administrator for an account.');
  await takeHit(
    'signup',
    ip ?? 'unknown',
    { max: env.SIGNUP_PER_IP_PER_HOUR, windowSeconds: 3600 },
    'too_many_signups',
    (s) => `Too many sign-ups from this address; try again in ${Math.ceil(s / 60)} minute(s).`,
  );
  const verify = verificationEnabled();
  const verification: SignUpVerification = verify ? 'email_sent' : 'not_required';
  const passwordHash = await hashPassword(body.password);
  const name = body.name ?? body.email.split('@')[0] ?? body.email;
  // Counted for a new address too, so both paths take the same steps (and a fresh address's own
  // link is sent whatever the count).
  const mailOk = verify ? await mailAllowed(body.email) : false;
  const db = getDb();
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          email: body.email,
          passwordHash,
          name,
          role: isListedAdmin(body.email) ? 'admin' : 'user',
          emailVerificationRequired: verify,
        },
        select: userSelect,
      });
      if (verify) await queueAccountMail('verify', created, locale, tx);
      return created;
    });
    return { ...toUserInfo(user), verification };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    if (verify && mailOk) await tellOwner(body.email, locale);
    return {
      id: randomUUID(),
      email: body.email,
      name,
      role: 'user',
      tier: 'standard',
      created_at: new Date().toISOString(),
      verification,
    };
  }
}

/** Someone signed up with an address that has an account: its owner hears of it (or gets a new link). */
async function tellOwner(email: string, locale: MessageLocale): Promise<void> {
  const owner = await getDb().user.findUnique({
    where: { email },
    select: { id: true, email: true, emailVerifiedAt: true, emailVerificationRequired: true },
  });
  if (!owner) return;
  const pending = !owner.emailVerifiedAt && owner.emailVerificationRequired;
  await queueAccountMail(pending ? 'verify' : 'signup_attempt', owner, locale);
}

/**
 * Returns the user when the email and password match, else null (same time either way). Counts
 * failures per email and client IP (lib/auth/login-limit.ts) and throws a 429 AppError
 * `too_many_attempts` without checking the password once either is over its limit. `ip`
 * undefined → taken from the current request's headers when there is one.
 */
export async function verifyCredentials(input: unknown, ip?: string | null): Promise<UserInfo | null> {
  const parsed = Credentials.safeParse(input);
  if (!parsed.success) return null;
  const attempt = await beginLoginAttempt(parsed.data.email, ip === undefined ? await requestIp() : ip);
  const user = await getDb().user.findUnique({
    where: { email: parsed.data.email },
    select: { ...userSelect, passwordHash: true, emailVerifiedAt: true, emailVerificationRequired: true },
  });
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyHash()));
  if (user && ok) {
    await attempt.succeeded();
    // Said only to whoever knows the password: it reveals nothing to anyone else.
    if (user.emailVerificationRequired && !user.emailVerifiedAt && verificationEnabled()) throw emailNotVerified();
    if (needsRehash(user.passwordHash)) {
      // Only if it is still the hash we checked: a password changed meanwhile stays changed.
      await getDb().user.updateMany({
        where: { id: user.id, passwordHash: user.passwordHash },
        data: { passwordHash: await hashPassword(parsed.data.password) },
      });
    }
    return applyAdminEmails(toUserInfo(user));
  }
  await attempt.failed();
  return null;
}

/** The client IP of the request being handled (route handlers), or null outside one. */
export async function requestIp(): Promise<string | null> {
  try {
    const { headers } = await import('next/headers');
    return clientIp(await headers());
  } catch {
    return null;
  }
}

export async function getUser(id: string): Promise<UserInfo | null> {
  const user = await getDb().user.findUnique({ where: { id }, select: userSelect });
  return user ? toUserInfo(user) : null;
}

export const EMAIL_NOT_VERIFIED = 'email_not_verified';

export function emailNotVerified(): AppError {
  return new AppError(
    403,
    EMAIL_NOT_VERIFIED,
    'Verify your e-mail address first: follow the link we sent you, or ask for a new one.',
  );
}

export function invalidCredentials(): AppError {
  return new AppError(401, 'invalid_credentials', 'The email or password is wrong.');
}
