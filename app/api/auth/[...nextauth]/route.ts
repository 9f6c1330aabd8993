import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth';

// GET|POST /api/auth/* — next-auth: CSRF token, credentials sign-in, session, sign-out
const handler = NextAuth(authOptions);

export { handler as GET, handler as POST };
