import { env } from '../env';

/** Whether the sign-up page offers the form (ALLOW_SIGNUP; the API refuses too when off). */
export const signupAllowed = (): boolean => env.ALLOW_SIGNUP;
