// Password hashing with bcrypt (cost 10, ~70 ms): slow enough to resist guessing, fast enough
// for sign-in. bcrypt reads at most 72 bytes, so longer passwords are refused at sign-up.
import bcrypt from 'bcryptjs';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX_BYTES = 72;

export const hashPassword = (password: string): Promise<string> => bcrypt.hash(password, 10);
export const verifyPassword = (password: string, hash: string): Promise<boolean> => bcrypt.compare(password, hash);

let dummy: Promise<string> | undefined;
/** Compared against when the email is unknown, so both paths take the same time. */
export const dummyHash = (): Promise<string> => {
  dummy ??= hashPassword('not-a-real-password');
  return dummy;
};
