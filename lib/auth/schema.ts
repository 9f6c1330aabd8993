import { z } from 'zod';
import { storable } from '../storable-text';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN } from './password';

const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be a valid email address' }))
  .transform((e) => e.toLowerCase());

const password = storable(
  z
    .string()
    .min(PASSWORD_MIN, { message: `must be at least ${PASSWORD_MIN} characters` })
    .refine((p) => new TextEncoder().encode(p).length <= PASSWORD_MAX_BYTES, {
      message: `must be at most ${PASSWORD_MAX_BYTES} bytes`,
    }),
);

export const SignUpBody = z
  .object({ email, password, name: storable(z.string().trim().min(1).max(100)).optional() })
  .strict();
export type SignUpBody = z.infer<typeof SignUpBody>;

/** "Send the verification link again" (POST /api/users/verification). */
export const ResendVerificationBody = z.object({ email }).strict();
export type ResendVerificationBody = z.infer<typeof ResendVerificationBody>;

export const Credentials = z.object({ email, password: z.string().min(1).max(1000) });

export const CreateTokenBody = z
  .object({
    name: storable(z.string().trim().min(1).max(100)),
    email: z.string().max(1000).optional(),
    password: z.string().max(1000).optional(),
  })
  .strict();
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;

export interface UserInfo {
  id: string;
  email: string;
  name: string;
  role: 'user' | 'admin';
  tier: 'standard' | 'vip';
  created_at: string;
}
