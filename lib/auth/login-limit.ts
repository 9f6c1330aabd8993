// Login rate limit, shared by every web process through Postgres: each password check first
// records a provisional failure, then counts the failures of this email from this IP, and of this
// IP, in the window. Keyed by email AND address, so an attacker elsewhere cannot lock the owner
// out by failing on purpose (guessing from many addresses still meets each one's IP limit).
// Inserting before counting means concurrent guesses cannot slip past the limit together. Over
// the limit → the row is removed again (refusals do not extend the lock) and the caller gets a
// 429 without the password being checked. A success deletes the email's failures.
import { getDb } from '../db/client';
import { env } from '../env';
import { type AppError, tooManyRequests } from '../errors';

export interface LoginLimits {
  maxPerEmail: number;
  maxPerIp: number;
  windowMinutes: number;
}

export const loginLimits = (): LoginLimits => ({
  maxPerEmail: env.LOGIN_MAX_FAILURES,
  maxPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
  windowMinutes: env.LOGIN_WINDOW_MINUTES,
});

/** Rows older than this are deleted, a batch at a time, whenever a failure is written. */
const KEEP_HOURS = 24;
const PRUNE_BATCH = 200;

/** A sign-in attempt that has been let through; settle it with its outcome. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

/**
 * Records the attempt and checks the limits. Throws a 429 AppError (`too_many_attempts`, with
 * Retry-After seconds) when the email or the IP already has too many failures in the window.
 */
export async function beginLoginAttempt(
  email: string,
  ip: string | null,
  limits: LoginLimits = loginLimits(),
): Promise<LoginAttempt> {
  const db = getDb();
  const [row] = await db.$queryRaw<{ id: bigint }[]>`
    INSERT INTO login_attempts (email, ip) VALUES (${email}, ${ip}) RETURNING id`;
  if (!row) throw new Error('login_attempts insert returned no row');
  const id = row.id;
  const minutes = limits.windowMinutes;
  const [counts] = await db.$queryRaw<{ by_email: bigint; by_ip: bigint }[]>`
    SELECT
      (SELECT count(*) FROM login_attempts
        WHERE email = ${email} AND ip IS NOT DISTINCT FROM ${ip}
          AND created_at > now() - make_interval(mins => ${minutes}::int)) AS by_email,
      (SELECT count(*) FROM login_attempts
        WHERE ${ip}::text IS NOT NULL AND ip = ${ip}
          AND created_at > now() - make_interval(mins => ${minutes}::int)) AS by_ip`;
  const overEmail = Number(counts?.by_email ?? 0) > limits.maxPerEmail;
  const overIp = ip !== null && Number(counts?.by_ip ?? 0) > limits.maxPerIp;
  if (overEmail || overIp) {
    await db.$executeRaw`DELETE FROM login_attempts WHERE id = ${id}`;
    throw await refusal(email, overEmail, ip, overIp, limits);
  }
  return {
    // Clears the email's failures, this attempt's provisional row included.
    succeeded: async () => {
      await db.$executeRaw`DELETE FROM login_attempts WHERE email = ${email}`;
    },
    // The provisional row stays as the failure; old rows go, a bounded batch at a time.
    failed: async () => {
      await db.$executeRaw`
        DELETE FROM login_attempts WHERE id IN (
          SELECT id FROM login_attempts
          WHERE created_at < now() - make_interval(hours => ${KEEP_HOURS}::int)
          LIMIT ${PRUNE_BATCH}::int)`;
    },
  };
}

/** The lock lifts when the limit-th newest failure leaves the window. */
async function refusal(
  email: string,
  overEmail: boolean,
  ip: string | null,
  overIp: boolean,
  limits: LoginLimits,
): Promise<AppError> {
  const db = getDb();
  const minutes = limits.windowMinutes;
  const [r] = await db.$queryRaw<{ email_s: number | null; ip_s: number | null }[]>`
    SELECT
      (SELECT extract(epoch FROM created_at + make_interval(mins => ${minutes}::int) - now())::float8
         FROM login_attempts
        WHERE ${overEmail} AND email = ${email} AND ip IS NOT DISTINCT FROM ${ip}
          AND created_at > now() - make_interval(mins => ${minutes}::int)
        ORDER BY created_at DESC OFFSET ${limits.maxPerEmail - 1}::int LIMIT 1) AS email_s,
      (SELECT extract(epoch FROM created_at + make_interval(mins => ${minutes}::int) - now())::float8
         FROM login_attempts
        WHERE ${overIp} AND ip = ${ip}
          AND created_at > now() - make_interval(mins => ${minutes}::int)
        ORDER BY created_at DESC OFFSET ${limits.maxPerIp - 1}::int LIMIT 1) AS ip_s`;
  const seconds = Math.max(r?.email_s ?? 0, r?.ip_s ?? 0, 1);
  const retryAfter = Math.min(Math.ceil(seconds), minutes * 60);
  return tooManyRequests(
    'too_many_attempts',
    `Too many failed sign-ins; try again in ${Math.ceil(retryAfter / 60)} minute(s).`,
    retryAfter,
  );
}
