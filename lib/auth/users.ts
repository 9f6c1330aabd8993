// Accounts: sign-up (can be switched off with ALLOW_SIGNUP=false) and credential checks.
import { randomUUID } from 'node:crypto';
import { getDb } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { env } from '../env';
import { AppError, forbidden } from '../errors';
import { takeHit } from '../limits/hits';
import { clientIp } from './client-ip';
import { beginLoginAttempt } from './login-limit';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password';
import { applyAdminEmails, isListedAdmin } from './roles';
import { Credentials, type SignUpBody, type UserInfo } from './schema';
import { toUserInfo, userSelect } from './user-row';

export { toUserInfo, userSelect };

/** Whether the sign-up page offers the form (ALLOW_SIGNUP; signUp refuses too when off). */
export const signupAllowed = (): boolean => env.ALLOW_SIGNUP;

/**
 * Creates an account. Throttled per client address (SIGNUP_PER_IP_PER_HOUR) before any work, and
 * answers the same way whether or not the email already has an account: an existing one gets an
 * answer of the same shape (a fresh id that belongs to nobody), after the same hashing time, and
 * is left untouched, so sign-up cannot be used to learn who has an account here.
 */
export async function signUp(body: SignUpBody, ip: string | null): Promise<UserInfo> {
  if (!env.ALLOW_SIGNUP)
    throw forbidden('Sign-up is switched off on this server; ask an administrator for an account.');
  await takeHit(
    'signup',
    ip ?? 'unknown',
    { max: env.SIGNUP_PER_IP_PER_HOUR, windowSeconds: 3600 },
    'too_many_signups',
    (s) => `Too many sign-ups from this address; try again in ${Math.ceil(s / 60)} minute(s).`,
  );
  const passwordHash = await hashPassword(body.password);
  const name = body.name ?? body.email.split('@')[0] ?? body.email;
  try {
    const user = await getDb().user.create({
      data: { email: body.email, passwordHash, name, role: isListedAdmin(body.email) ? 'admin' : 'user' },
      select: userSelect,
    });
    return toUserInfo(user);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return {
      id: randomUUID(),
      email: body.email,
      name,
      role: 'user',
      tier: 'standard',
      created_at: new Date().toISOString(),
    };
  }
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
    select: { ...userSelect, passwordHash: true },
  });
  const ok = await verifyPassword(parsed.data.password, user?.passwordHash ?? (await dummyHash()));
  if (user && ok) {
    await attempt.succeeded();
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

export function invalidCredentials(): AppError {
  return new AppError(401, 'invalid_credentials', 'The email or password is wrong.');
}
