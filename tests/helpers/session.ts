// Signing in through next-auth's real endpoints over plain HTTP, as next-auth/react's
// signIn('credentials', {redirect: false}) does: CSRF token + cookie, then the form-encoded callback.

export const cookiePairs = (res: Response): string[] => res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');

export interface SignInResult {
  status: number;
  /** signIn()'s `error`: the error param of the URL next-auth answers with. */
  error: string | null;
  url: string;
  /** The session cookie as a Cookie header value, or null when none was set. */
  cookie: string | null;
}

export async function credentialsSignIn(
  base: string,
  email: string,
  password: string,
  opts: { csrf?: boolean; headers?: Record<string, string> } = {},
): Promise<SignInResult> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`, { headers: opts.headers });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const form: Record<string, string> = { email, password, callbackUrl: `${base}/tasks`, json: 'true' };
  if (opts.csrf !== false) form.csrfToken = csrfToken;
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: cookiePairs(csrfRes).join('; '),
      origin: base,
      ...opts.headers,
    },
    body: new URLSearchParams(form),
  });
  const { url } = (await res.json()) as { url: string };
  const session = cookiePairs(res).find((c) => /^(__Secure-)?next-auth\.session-token=./.test(c));
  return { status: res.status, error: new URL(url).searchParams.get('error'), url, cookie: session ?? null };
}

/** A session cookie for a signed-up user; throws when sign-in fails. */
export async function sessionCookie(base: string, user: { email: string; password: string }): Promise<string> {
  const res = await credentialsSignIn(base, user.email, user.password);
  if (!res.cookie) throw new Error(`sign-in failed: ${res.status} ${res.url}`);
  return res.cookie;
}

/** Signs the session out through next-auth (CSRF token included), as the sign-out button does. */
export async function signOut(base: string, cookie: string): Promise<Response> {
  const csrfRes = await fetch(`${base}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  return fetch(`${base}/api/auth/signout`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [cookie, ...cookiePairs(csrfRes)].join('; '),
      origin: base,
    },
    body: new URLSearchParams({ csrfToken, json: 'true' }),
  });
}
