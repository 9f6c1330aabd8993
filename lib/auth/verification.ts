// E-mail verification (issue 12, docs/decisions/0128). When SMTP is configured, a password sign-up
// must prove its address before it signs in with that password: the mail carries a single-use
// link whose token exists only in the mail (this table keeps its sha256), minted when the mail is
// sent, valid VERIFY_LINK_HOURS (24). Mail about an account goes through lib/notify's delivery
// core (retries, delivery log), at most ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR (3) to one address, so
// neither sign-up nor "send the link again" can be used to flood someone's inbox.
import { randomBytes, randomUUID } from 'node:crypto';
import { type DbTx, getDb } from '../db/client';
import { env } from '../env';
import { unprocessable } from '../errors';
import { takeHit, tryHit } from '../limits/hits';
import { enqueue } from '../notify/enqueue';
import type { MessageLocale } from '../notify/templates';
import { hashToken } from './tokens';

export const VERIFY_TTL_HOURS = env.VERIFY_LINK_HOURS;
/** Account mails (links, "someone tried to sign up") one address receives per hour at most. */
export const MAILS_PER_ADDRESS = { max: env.ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR, windowSeconds: 3600 };
/** "Send the link again" requests per client address per hour. */
export const RESENDS_PER_IP = { max: env.VERIFY_RESENDS_PER_IP_PER_HOUR, windowSeconds: 3600 };

/** Whether sign-up verifies addresses: only when this server can send mail (SMTP_URL). */
export const verificationEnabled = (): boolean => Boolean(env.SMTP_URL);

/** What a sign-up answers about verification; the same for a new and an existing address. */
export type SignUpVerification = 'email_sent' | 'not_required';

export type AccountMailKind = 'verify' | 'signup_attempt';

/** A link token: 32 random bytes, base64url (43 characters). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Counts one account mail to `email`; false when the address had its share this hour. */
export async function mailAllowed(email: string): Promise<boolean> {
  return (await tryHit('account_mail', email, MAILS_PER_ADDRESS)) === 0;
}

/**
 * Queues an account mail to the user (on `tx` when given, so it exists only with the account).
 * Not in the user's notification log (user_id null there): it is not a notification they chose.
 */
export async function queueAccountMail(
  kind: AccountMailKind,
  user: { id: string; email: string },
  locale: MessageLocale,
  tx?: DbTx,
): Promise<void> {
  await enqueue(
    'account_email',
    { to: user.email, locale },
    { type: kind, user_id: user.id },
    { event: `account.${kind}`, ...(tx ? { tx } : {}) },
  );
}

/**
 * Mints a link token for the user's current address, or null when there is nothing to verify
 * (the user is gone or already verified). Called when the mail is sent, so the token is never
 * stored anywhere but in the mail.
 */
export async function mintVerificationToken(userId: string): Promise<{ token: string; email: string } | null> {
  const db = getDb();
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  if (!user || user.emailVerifiedAt) return null;
  const token = randomBytes(32).toString('base64url');
  await db.$transaction([
    db.emailVerification.deleteMany({ where: { userId, expiresAt: { lt: new Date() } } }),
    db.emailVerification.create({
      data: {
        id: randomUUID(),
        userId,
        tokenHash: hashToken(token),
        email: user.email,
        expiresAt: new Date(Date.now() + VERIFY_TTL_HOURS * 3600_000),
      },
    }),
  ]);
  return { token, email: user.email };
}

/**
 * Deletes the link rows whose 24 hours are over, used or not: an expired link verifies nothing. A
 * used one is kept until then, so a link followed twice (a mail scanner first) still answers
 * `already_verified` while it could have worked. Run by the worker's maintenance; a new link for
 * the same user also clears that user's expired rows (mintVerificationToken).
 */
export async function pruneVerifications(): Promise<number> {
  return getDb().$executeRaw`DELETE FROM email_verifications WHERE expires_at < now()`;
}

export type ConfirmResult = 'verified' | 'already_verified' | 'invalid';

/**
 * Follows a link: marks the address verified when the token is live and still names the account's
 * address, and uses the token up. Signs nobody in. A used link of an account that is verified
 * answers `already_verified` (a mail scanner may have followed it first).
 */
export async function confirmEmail(token: string): Promise<ConfirmResult> {
  const h = hashToken(token);
  const [row] = await getDb().$queryRaw<{ verified: boolean; known: boolean; user_verified: boolean }[]>`
    WITH v AS (
      UPDATE email_verifications SET used_at = now()
      WHERE token_hash = ${h} AND used_at IS NULL AND expires_at > now()
      RETURNING user_id, email),
    u AS (
      UPDATE users SET email_verified_at = COALESCE(users.email_verified_at, now())
      FROM v WHERE users.id = v.user_id AND users.email = v.email
      RETURNING users.id)
    SELECT EXISTS (SELECT 1 FROM u) AS verified,
           EXISTS (SELECT 1 FROM email_verifications e WHERE e.token_hash = ${h}) AS known,
           EXISTS (SELECT 1 FROM email_verifications e JOIN users x ON x.id = e.user_id AND x.email = e.email
                   WHERE e.token_hash = ${h} AND x.email_verified_at IS NOT NULL) AS user_verified`;
  if (row?.verified) return 'verified';
  return row?.known && row.user_verified ? 'already_verified' : 'invalid';
}

/**
 * "Send the link again": limited per client address (429), then, whatever the address, the same
 * answer; a link goes out only to an account that exists, is unverified, and had fewer than
 * MAILS_PER_ADDRESS account mails this hour.
 */
export async function resendVerification(email: string, ip: string | null, locale: MessageLocale): Promise<void> {
  if (!verificationEnabled()) {
    throw unprocessable('mail_unavailable', 'This server cannot send e-mail (SMTP_URL is not set).');
  }
  await takeHit(
    'verify_resend',
    ip ?? 'unknown',
    RESENDS_PER_IP,
    'too_many_requests',
    (s) => `Too many requests from this address; try again in ${Math.ceil(s / 60)} minute(s).`,
  );
  // Counted whether or not the address has an account, so both take the same steps.
  const allowed = await mailAllowed(email);
  const user = await getDb().user.findUnique({ where: { email }, select: { id: true, emailVerifiedAt: true } });
  if (!user || user.emailVerifiedAt || !allowed) return;
  await queueAccountMail('verify', { id: user.id, email }, locale);
}
