// Password hashing with argon2id (@node-rs/argon2: native, on libuv's thread pool, so a burst of
// sign-ins never blocks the web server's event loop). Accounts from before keep their bcrypt hash
// until their next successful sign-in, which re-hashes the password with argon2id.
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';

export const PASSWORD_MIN = 8;
/** Kept from the bcrypt days (it reads at most 72 bytes), so every existing password still fits. */
export const PASSWORD_MAX_BYTES = 72;

// OWASP's argon2id baseline: 19 MiB, 2 passes, one lane (~25 ms here).
// Algorithm is a const enum, which verbatimModuleSyntax cannot read: 2 is Argon2id.
const PARAMS = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, PARAMS);

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2')) return verify(stored, password).catch(() => false);
  if (/^\$2[aby]\$/.test(stored)) return bcrypt.compare(password, stored);
  return false;
}

/** Whether a stored hash is from an older scheme and should be replaced after a good sign-in. */
export const needsRehash = (stored: string): boolean => !stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$');

let dummy: Promise<string> | undefined;
/** Compared against when the email is unknown, so both paths take the same time. */
export const dummyHash = (): Promise<string> => {
  dummy ??= hashPassword('not-a-real-password');
  return dummy;
};
