// A phone number for SMS notifications, usable once the one-time code sent to it was entered.
// Codes: 6 digits, stored hashed, valid 10 minutes, 5 wrong guesses void one; at most one sent a
// minute and 5 an hour per user (429 with Retry-After). The code goes out at once through the
// provider, so the user learns right away if the number cannot receive it.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { getDb } from '../db/client';
import { AppError, tooManyRequests, unprocessable } from '../errors';
import { DeliveryFailure } from './channels/types';
import { smsProvider } from './sms/provider';

export { PhoneBody, VerifyBody } from './schema';

const CODE_TTL_MS = 10 * 60_000;
const MAX_FAILURES = 5;
const MIN_GAP_S = 60;
const PER_HOUR = 5;

export interface PhoneInfo {
  phone: string | null;
  verified: boolean;
}

const hash = (userId: string, code: string) => createHash('sha256').update(`${userId}:${code}`).digest('hex');

export async function getPhone(userId: string): Promise<PhoneInfo> {
  const row = await getDb().$queryRaw<{ phone: string; verified: boolean }[]>`
    SELECT phone, verified_at IS NOT NULL AS verified FROM phone_numbers WHERE user_id = ${userId}::uuid`;
  return row[0] ? { phone: row[0].phone, verified: row[0].verified } : { phone: null, verified: false };
}

/** The user's verified number, or null. */
export async function verifiedPhone(userId: string): Promise<string | null> {
  const p = await getPhone(userId);
  return p.verified ? p.phone : null;
}

/** Sets (or keeps) the number and sends it a new code. */
export async function requestCode(userId: string, phone: string): Promise<PhoneInfo & { code_sent: true }> {
  const provider = smsProvider();
  if (!provider) throw unprocessable('channel_unavailable', 'SMS is not configured on this server.', 'phone');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const rows = await getDb().$queryRaw<{ ok: boolean; retry_after: number }[]>`
    WITH prev AS (SELECT * FROM phone_numbers WHERE user_id = ${userId}::uuid FOR UPDATE),
    gate AS (
      SELECT CASE
        WHEN p.last_sent_at > now() - make_interval(secs => ${MIN_GAP_S})
          THEN ceil(extract(epoch FROM p.last_sent_at + make_interval(secs => ${MIN_GAP_S}) - now()))::int
        WHEN p.window_started_at > now() - interval '1 hour' AND p.sent_in_window >= ${PER_HOUR}
          THEN ceil(extract(epoch FROM p.window_started_at + interval '1 hour' - now()))::int
        ELSE 0 END AS retry_after
      FROM (SELECT 1) one LEFT JOIN prev p ON true),
    up AS (
      INSERT INTO phone_numbers AS n (user_id, phone, code_hash, code_expires_at, code_failures, last_sent_at,
                                      sent_in_window, window_started_at, updated_at)
      SELECT ${userId}::uuid, ${phone}, ${hash(userId, code)}, now() + make_interval(secs => ${CODE_TTL_MS / 1000}), 0, now(), 1, now(), now()
      FROM gate WHERE gate.retry_after = 0
      ON CONFLICT (user_id) DO UPDATE SET
        verified_at = CASE WHEN n.phone = EXCLUDED.phone THEN n.verified_at END,
        phone = EXCLUDED.phone, code_hash = EXCLUDED.code_hash, code_expires_at = EXCLUDED.code_expires_at,
        code_failures = 0, last_sent_at = now(), updated_at = now(),
        sent_in_window = CASE WHEN n.window_started_at > now() - interval '1 hour' THEN n.sent_in_window + 1 ELSE 1 END,
        window_started_at = CASE WHEN n.window_started_at > now() - interval '1 hour' THEN n.window_started_at ELSE now() END
      RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM up) AS ok, (SELECT retry_after FROM gate) AS retry_after`;
  const gate = rows[0];
  if (!gate?.ok) {
    const wait = Math.max(1, gate?.retry_after ?? MIN_GAP_S);
    throw tooManyRequests('too_many_codes', `A code was sent recently; ask for another in ${wait} s.`, wait);
  }
  try {
    await provider.send(phone, `Shortplay 验证码 / code: ${code}（10 分钟内有效 / valid 10 min）`);
  } catch (err) {
    const message = err instanceof DeliveryFailure ? err.message : (err as Error).message;
    throw new AppError(502, 'sms_failed', `The code could not be sent: ${message}`);
  }
  return { ...(await getPhone(userId)), code_sent: true };
}

export async function verifyCode(userId: string, code: string): Promise<PhoneInfo> {
  const db = getDb();
  const [row] = await db.$queryRaw<{ code_hash: string | null; live: boolean }[]>`
    SELECT code_hash, code_expires_at > now() AS live FROM phone_numbers WHERE user_id = ${userId}::uuid`;
  if (!row?.code_hash || !row.live) {
    throw unprocessable('code_expired', 'No valid code: ask for a new one.', 'code');
  }
  const ok = timingSafeEqual(Buffer.from(row.code_hash, 'hex'), Buffer.from(hash(userId, code), 'hex'));
  if (!ok) {
    await db.$executeRaw`
      UPDATE phone_numbers SET code_failures = code_failures + 1, updated_at = now(),
        code_hash = CASE WHEN code_failures + 1 >= ${MAX_FAILURES} THEN NULL ELSE code_hash END
      WHERE user_id = ${userId}::uuid`;
    throw unprocessable('code_invalid', 'That code is not right.', 'code');
  }
  await db.$executeRaw`
    UPDATE phone_numbers SET verified_at = now(), code_hash = NULL, code_expires_at = NULL, updated_at = now()
    WHERE user_id = ${userId}::uuid AND code_hash = ${row.code_hash}`;
  return getPhone(userId);
}

export async function deletePhone(userId: string): Promise<void> {
  await getDb().$executeRaw`DELETE FROM phone_numbers WHERE user_id = ${userId}::uuid`;
}
