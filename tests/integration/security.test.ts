// Security headers on pages, routes and files; cookie-authenticated mutations from another site
// refused; sessions that end when their user signs out; old bcrypt hashes upgraded on sign-in.
import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { json, signUp } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { credentialsSignIn, sessionCookie, signOut } from '../helpers/session';

const SIGNUPS = 12;
const stack = stackForFile({ workers: 0, env: { SIGNUP_PER_IP_PER_HOUR: String(SIGNUPS) } });
const novel = { novel_content: '第一章\n阿Q说：“你好。”' };

describe('security headers', () => {
  it('a page: CSP with this response’s nonce on every script, no framing, nosniff, a referrer policy', async () => {
    const res = await fetch(`${stack.web.url}/signin`);
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    // plain http here: no HSTS (it would pin a host that has no https)
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const again = await fetch(`${stack.web.url}/signin`);
    await again.arrayBuffer();
    expect(again.headers.get('content-security-policy')).not.toContain(`'nonce-${nonce}'`);
  });

  it('an API answer, an error and a static file carry them too', async () => {
    const user = await signUp(stack.web.url, 'headers');
    const html = await (await fetch(`${stack.web.url}/signin`)).text();
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    for (const res of [
      await fetch(`${stack.web.url}/api/health`),
      await user.fetch('/api/tasks/nope'),
      await fetch(`${stack.web.url}${asset}`),
      await fetch(`${stack.web.url}/no-such-page`),
    ]) {
      await res.arrayBuffer();
      expect(res.headers.get('x-content-type-options'), res.url).toBe('nosniff');
      expect(res.headers.get('content-security-policy'), res.url).toContain("frame-ancestors 'none'");
    }
  });
});

describe('cross-site requests', () => {
  it('a cookie-authenticated mutation from another origin or site → 403, nothing written; same origin and bearer work', async () => {
    const user = await signUp(stack.web.url, 'csrf');
    const cookie = await sessionCookie(stack.web.url, user);
    const count = async () =>
      (await stack.sql<{ n: number }>('SELECT count(*)::int AS n FROM script_tasks WHERE user_id = $1', [user.id]))[0]
        ?.n;
    const post = (headers: Record<string, string>) =>
      fetch(`${stack.web.url}/api/tasks`, {
        ...json(novel),
        headers: { 'content-type': 'application/json', ...headers },
      });

    for (const foreign of <Record<string, string>[]>[
      { cookie, origin: 'https://evil.example' },
      { cookie, 'sec-fetch-site': 'same-site' },
      { cookie, 'sec-fetch-site': 'cross-site', origin: stack.web.url },
      { cookie, origin: 'null' },
    ]) {
      const res = await post(foreign);
      const body = await res.json();
      expect(res.status, JSON.stringify(foreign)).toBe(403);
      expect(body.error.code).toBe('cross_site_request');
    }
    const tokenBefore = await user.fetch('/api/tokens');
    const tokens = (await tokenBefore.json()).tokens.length;
    const revoke = await fetch(`${stack.web.url}/api/tokens`, {
      ...json({ name: 'stolen' }),
      headers: { 'content-type': 'application/json', cookie, origin: 'https://evil.example' },
    });
    expect(revoke.status).toBe(403);
    expect((await (await user.fetch('/api/tokens')).json()).tokens.length).toBe(tokens);
    expect(await count()).toBe(0);

    expect((await post({ cookie, origin: stack.web.url, 'sec-fetch-site': 'same-origin' })).status).toBe(202);
    expect((await post({ authorization: `Bearer ${user.token}`, origin: 'https://evil.example' })).status).toBe(202);
    expect(await count()).toBe(2);
  });
});

describe('sessions', () => {
  it('signing out ends the session cookie (and the user’s other sessions) at once', async () => {
    const user = await signUp(stack.web.url, 'signout');
    const cookie = await sessionCookie(stack.web.url, user);
    const other = await sessionCookie(stack.web.url, user);
    const list = (c: string) => fetch(`${stack.web.url}/api/tasks`, { headers: { cookie: c } });
    expect((await list(cookie)).status).toBe(200);
    expect((await list(other)).status).toBe(200);

    const out = await signOut(stack.web.url, cookie);
    expect(out.status).toBeLessThan(400);
    // The old cookie, replayed by whoever kept it, no longer works; neither does the other device's.
    expect((await list(cookie)).status).toBe(401);
    expect((await list(other)).status).toBe(401);
    const session = await (await fetch(`${stack.web.url}/api/auth/session`, { headers: { cookie } })).json();
    expect(session.user).toBeUndefined();
    // The API token is not a session: it stays until revoked.
    expect((await user.fetch('/api/tasks')).status).toBe(200);
    // Signing in again works.
    expect((await list(await sessionCookie(stack.web.url, user))).status).toBe(200);
  });
});

describe('password hashes', () => {
  it('an old bcrypt hash still signs in, and is replaced by argon2id on that sign-in', async () => {
    const user = await signUp(stack.web.url, 'legacy');
    await stack.sql('UPDATE users SET password_hash = $1 WHERE id = $2', [
      await bcrypt.hash(user.password, 4),
      user.id,
    ]);
    const res = await credentialsSignIn(stack.web.url, user.email, user.password);
    expect(res.cookie).toBeTruthy();
    const [row] = await stack.sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect((await credentialsSignIn(stack.web.url, user.email, user.password)).cookie).toBeTruthy();
    expect((await credentialsSignIn(stack.web.url, user.email, 'wrong password')).cookie).toBeNull();
  });
});

describe('client address', () => {
  it('without a trusted proxy, a made-up x-forwarded-for does not give a fresh per-IP bucket', async () => {
    const user = await signUp(stack.web.url, 'after-spray');
    // LOGIN_MAX_FAILURES_PER_IP is 20 (earlier tests here failed a few from this address too):
    // failures, each claiming another address, until the address is refused.
    // (Last sign-ins in this file: every later one from here would be refused too.)
    let failures = 0;
    for (; failures <= 20; failures++) {
      const r = await credentialsSignIn(stack.web.url, `nobody-${failures}@example.com`, 'guess guess', {
        headers: { 'x-forwarded-for': `203.0.113.${failures}` },
      });
      if (r.error !== 'CredentialsSignin') {
        expect(r.error).toMatch(/^too_many_attempts:/);
        break;
      }
    }
    expect(failures).toBeLessThanOrEqual(20);
    const r = await credentialsSignIn(stack.web.url, user.email, user.password, {
      headers: { 'x-forwarded-for': '198.51.100.200' },
    });
    expect(r.error).toMatch(/^too_many_attempts:/);
    const ips = await stack.sql<{ ip: string }>('SELECT DISTINCT ip FROM login_attempts');
    expect(ips).toEqual([{ ip: '127.0.0.1' }]);
  });
});

describe('sign-up', () => {
  it('is throttled per client address: 429 with Retry-After, nothing written', async () => {
    // Last in this file: the earlier tests used some of the address's sign-ups.
    let refused: Response | null = null;
    for (let i = 0; i <= SIGNUPS && !refused; i++) {
      const res = await fetch(
        `${stack.web.url}/api/users`,
        json({ email: `burst-${i}@example.com`, password: 'long enough pw' }),
      );
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(201);
    }
    if (!refused) throw new Error(`no sign-up refused after ${SIGNUPS + 1}`);
    expect((await refused.json()).error.code).toBe('too_many_signups');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const rows = await stack.sql<{ email: string }>("SELECT email FROM users WHERE email LIKE 'burst-%'");
    const made = rows.length;
    expect(
      (await fetch(`${stack.web.url}/api/users`, json({ email: 'burst-x@example.com', password: 'long enough pw' })))
        .status,
    ).toBe(429);
    expect(await stack.sql("SELECT email FROM users WHERE email LIKE 'burst-%'")).toHaveLength(made);
  });
});
