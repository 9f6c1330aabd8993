// next-auth v4: email + password (Credentials), optionally GitHub / OIDC (lib/auth/providers.ts);
// sessions as signed JWTs in an httpOnly cookie. token.sub is always OUR users.id.
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { env } from '../env';
import { AppError } from '../errors';
import { clientIp } from './client-ip';
import { userForExternalIdentity } from './external';
import { externalProviders } from './providers';
import { endSessions, sessionVersionOf, userForSession } from './sessions';
import { EMAIL_NOT_VERIFIED, verifyCredentials } from './users';

/** The error a refused Credentials sign-in reports to signIn(): `too_many_attempts:<seconds>`. */
export const TOO_MANY_ATTEMPTS = 'too_many_attempts';

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
  // Errors (refused external sign-ins, OAuth failures) land on the sign-in page as ?error=code.
  pages: { signIn: '/signin', error: '/signin' },
  providers: [
    CredentialsProvider({
      name: 'Email',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        try {
          const user = await verifyCredentials(credentials, clientIp(req.headers));
          return user ? { id: user.id, email: user.email, name: user.name } : null;
        } catch (err) {
          // next-auth sends a thrown error's message to the client as signIn()'s `error`.
          if (err instanceof AppError && err.code === TOO_MANY_ATTEMPTS) {
            throw new Error(`${TOO_MANY_ATTEMPTS}:${err.extra.retryAfter ?? 60}`);
          }
          // The right password of an account whose address is not verified yet (lib/auth/verification.ts).
          if (err instanceof AppError && err.code === EMAIL_NOT_VERIFIED) throw new Error(EMAIL_NOT_VERIFIED);
          throw err;
        }
      },
    }),
    ...externalProviders(),
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (account?.type !== 'oauth') return true;
      const result = await userForExternalIdentity({ email: user.email, name: user.name });
      if (!result.ok) return `/signin?error=${result.reason}`;
      // Without an adapter this object becomes the jwt callback's `user`: carry our id over.
      user.id = result.user.id;
      return true;
    },
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = await sessionVersionOf(user.id);
      }
      return token;
    },
    // Every request: the cookie's session version must still be the user's (lib/auth/sessions.ts).
    async session({ session, token }) {
      const user = token.sub ? await userForSession(token.sub, Number(token.sv ?? 0)) : null;
      if (!user || !session.user) return { expires: session.expires } as typeof session;
      Object.assign(session.user, {
        id: user.id,
        role: user.role,
        tier: user.tier,
        name: user.name,
        email: user.email,
      });
      return session;
    },
  },
  events: {
    // Signing out ends the session everywhere: the cookie alone would stay valid until it expires.
    async signOut({ token }) {
      if (token?.sub) await endSessions(token.sub);
    },
  },
};
