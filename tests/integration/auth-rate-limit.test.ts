// Login rate limit through next-auth's real endpoints (CSRF token + cookie, form-encoded callback)
// and POST /api/tokens: per email, per client IP (x-forwarded-for), cleared by a success.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { json, signUp } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { credentialsSignIn as signIn } from '../helpers/session';

const PER_IP = 8;
const stack = stackForFile({
  workers: 0,
  // Two proxies of ours in front (the test's x-forwarded-for names the client, then 10.0.0.1).
  env: {
    LOGIN_MAX_FAILURES: '5',
    LOGIN_WINDOW_MINUTES: '15',
    LOGIN_MAX_FAILURES_PER_IP: String(PER_IP),
    TRUST_PROXY_HOPS: '2',
  },
});

interface SignInResult {
  status: number;
  error: string | null;
  url: string;
  session: boolean;
}

async function credentialsSignIn(
  email: string,
  password: string,
  ip: string,
  opts: { csrf?: boolean } = {},
): Promise<SignInResult> {
  const res = await signIn(stack.web.url, email, password, {
    ...opts,
    headers: { 'x-forwarded-for': `${ip}, 10.0.0.1` },
  });
  return { status: res.status, error: res.error, url: res.url, session: res.cookie !== null };
}

const failuresOf = async (email: string) =>
  Number((await stack.sql<{ n: string }>('SELECT count(*) AS n FROM login_attempts WHERE email = $1', [email]))[0]?.n);

const ipOf = (n: number) => `198.51.100.${n}`;

describe('login rate limit', () => {
  it('refuses the 6th attempt of an email from one address, even with the right password; other emails and addresses still sign in', async () => {
    const a = await signUp(stack.web.url, 'locked');
    const b = await signUp(stack.web.url, 'neighbour');
    const ip = ipOf(1);
    for (let i = 0; i < 5; i++) {
      const r = await credentialsSignIn(a.email, 'wrong password!', ip);
      expect(r).toMatchObject({ status: 401, error: 'CredentialsSignin', session: false });
    }
    expect(await failuresOf(a.email)).toBe(5);

    const refused = await credentialsSignIn(a.email, a.password, ip);
    expect(refused.session).toBe(false);
    expect(refused.status).toBe(401);
    const m = /^too_many_attempts:(\d+)$/.exec(refused.error ?? '');
    expect(m, refused.url).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThan(15 * 60 - 60);
    expect(Number(m?.[1])).toBeLessThanOrEqual(15 * 60);
    // A client that makes up another address in front of its own is still itself.
    const spoofed = await signIn(stack.web.url, a.email, a.password, {
      headers: { 'x-forwarded-for': `203.0.113.66, ${ip}, 10.0.0.1` },
    });
    expect(spoofed.error).toMatch(/^too_many_attempts:/);
    // Refusals are not counted, so they do not extend the lock.
    expect(await failuresOf(a.email)).toBe(5);
    // The lock is on this email from this address: the owner, elsewhere, still signs in.
    expect(await credentialsSignIn(a.email, a.password, ipOf(2))).toMatchObject({ error: null, session: true });

    const ok = await credentialsSignIn(b.email, b.password, ip);
    expect(ok).toMatchObject({ status: 200, error: null, session: true });
  });

  it('POST /api/tokens with a locked email answers 429 too_many_attempts with Retry-After', async () => {
    const a = await signUp(stack.web.url, 'tokens');
    for (let i = 0; i < 5; i++) {
      const req = json({ name: 't', email: a.email, password: 'nope nope' });
      const res = await fetch(`${stack.web.url}/api/tokens`, {
        ...req,
        headers: { ...(req.headers as Record<string, string>), 'x-forwarded-for': ipOf(9) },
      });
      expect(res.status).toBe(401);
    }
    // The route passes no IP: verifyCredentials reads it from the request's headers.
    const ips = await stack.sql<{ ip: string }>('SELECT DISTINCT ip FROM login_attempts WHERE email = $1', [a.email]);
    expect(ips).toEqual([{ ip: ipOf(9) }]);
    const req = json({ name: 't', email: a.email, password: a.password });
    const res = await fetch(`${stack.web.url}/api/tokens`, {
      ...req,
      headers: { ...(req.headers as Record<string, string>), 'x-forwarded-for': ipOf(9) },
    });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe('too_many_attempts');
    // The browser sign-in from that address shares the count.
    expect((await credentialsSignIn(a.email, a.password, ipOf(9))).error).toMatch(/^too_many_attempts:/);
    // The user's existing token still works: only password checks are limited.
    expect((await a.fetch('/api/tokens')).status).toBe(200);
  });

  it("a successful sign-in clears the email's failures", async () => {
    const c = await signUp(stack.web.url, 'fresh');
    const ip = ipOf(4);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++)
        expect((await credentialsSignIn(c.email, 'wrong password!', ip)).error).toBe('CredentialsSignin');
      expect(await failuresOf(c.email)).toBe(4);
      expect(await credentialsSignIn(c.email, c.password, ip)).toMatchObject({ error: null, session: true });
      expect(await failuresOf(c.email)).toBe(0);
    }
  });

  it('refuses a client IP after its failures across many emails', async () => {
    const d = await signUp(stack.web.url, 'shared-ip');
    const ip = ipOf(5);
    for (let i = 0; i < PER_IP; i++) {
      const email = `nobody-${randomBytes(4).toString('hex')}@example.com`;
      expect((await credentialsSignIn(email, 'guess guess', ip)).error).toBe('CredentialsSignin');
    }
    expect((await credentialsSignIn(d.email, d.password, ip)).error).toMatch(/^too_many_attempts:/);
    expect(await credentialsSignIn(d.email, d.password, ipOf(6))).toMatchObject({ error: null, session: true });
  });

  it("next-auth's CSRF check stops a callback POST without the token before any password check", async () => {
    const e = await signUp(stack.web.url, 'csrf');
    const r = await credentialsSignIn(e.email, e.password, ipOf(7), { csrf: false });
    expect(r.session).toBe(false);
    expect(r.url).toContain('csrf=true');
    expect(await failuresOf(e.email)).toBe(0);
  });

  it('deletes failures older than a day as new ones are written', async () => {
    await stack.sql(
      `INSERT INTO login_attempts (email, ip, created_at)
       SELECT 'old-' || g || '@example.com', '192.0.2.1', now() - interval '2 days' FROM generate_series(1, 50) g`,
    );
    expect((await credentialsSignIn('someone@example.com', 'wrong password!', ipOf(8))).error).toBe(
      'CredentialsSignin',
    );
    const [row] = await stack.sql<{ n: string }>(
      `SELECT count(*) AS n FROM login_attempts WHERE created_at < now() - interval '1 day'`,
    );
    expect(Number(row?.n)).toBe(0);
  });
});
