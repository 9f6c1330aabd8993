// External sign-in: a tiny local OpenID Connect issuer (node:http, RS256 id_tokens signed with
// node:crypto) drives next-auth's real OIDC flow (state + PKCE) against `next start`; the
// identity → users row mapping is also called directly on the test database.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { userForExternalIdentity as MapFn } from '../../lib/auth/external';
import type { enabledProviders as ListFn, externalProviders as ProvidersFn } from '../../lib/auth/providers';
import type { parseEnv as ParseEnvFn } from '../../lib/env';
import { signUp } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';

const CLIENT_ID = 'shortplay-test';
const CLIENT_SECRET = 'shortplay-test-secret';

interface Identity {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

/** An OIDC issuer that signs in whoever `identity` says, once the PKCE verifier matches. */
function startIssuer(): Promise<{ url: string; server: Server; as(id: Identity): void }> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; identity: Identity }>();
  let identity: Identity | null = null;
  let url = '';
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', url);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (u.pathname === '/.well-known/openid-configuration') {
      return send(200, {
        issuer: url,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        jwks_uri: `${url}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (u.pathname === '/jwks') return send(200, { keys: [jwk] });
    if (u.pathname === '/authorize') {
      const code = randomBytes(12).toString('hex');
      if (!identity || u.searchParams.get('client_id') !== CLIENT_ID) return send(400, { error: 'invalid_request' });
      codes.set(code, { challenge: u.searchParams.get('code_challenge') ?? '', identity });
      const back = new URL(u.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', u.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (u.pathname === '/token' && req.method === 'POST') {
      let raw = '';
      req.on('data', (c) => {
        raw += c;
      });
      req.on('end', () => {
        const form = new URLSearchParams(raw);
        const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64');
        const authed = req.headers.authorization === `Basic ${basic}` || form.get('client_secret') === CLIENT_SECRET;
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest('base64url');
        if (!authed || !grant || verifier !== grant.challenge) return send(400, { error: 'invalid_grant' });
        const now = Math.floor(Date.now() / 1000);
        const head = b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
        const claims = b64({ iss: url, aud: CLIENT_ID, iat: now, exp: now + 300, ...grant.identity });
        const sig = sign('sha256', Buffer.from(`${head}.${claims}`), privateKey).toString('base64url');
        send(200, { access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: `${head}.${claims}.${sig}` });
      });
      return;
    }
    send(404, { error: 'not_found' });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ url, server, as: (id) => (identity = id) });
    });
  });
}

let issuer: Awaited<ReturnType<typeof startIssuer>>;
const webEnv: Record<string, string> = {};
beforeAll(async () => {
  issuer = await startIssuer();
  Object.assign(webEnv, {
    OIDC_ISSUER: issuer.url,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_NAME: 'Test SSO',
  });
});
afterAll(() => new Promise<void>((r) => issuer.server.close(() => r())));
const stack = stackForFile({ workers: 0, env: webEnv });

let mapIdentity: typeof MapFn;
let enabledProviders: typeof ListFn;
let externalProviders: typeof ProvidersFn;
let parseEnv: typeof ParseEnvFn;
beforeAll(async () => {
  process.env.DATABASE_URL = stack.dbUrl;
  ({ userForExternalIdentity: mapIdentity } = await import('../../lib/auth/external'));
  ({ enabledProviders, externalProviders } = await import('../../lib/auth/providers'));
  ({ parseEnv } = await import('../../lib/env'));
});
afterAll(async () => (await import('../../lib/db/client')).closeDb());

/** Browser-like OIDC sign-in: csrf → POST signin/oidc → issuer → callback; returns the landing URL. */
async function oidcSignIn(id: Identity): Promise<{ location: string; userId: string | null }> {
  issuer.as(id);
  const base = stack.web.url;
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const start = await fetch(`${base}/api/auth/signin/oidc`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${base}/tasks`, json: 'true' }),
  });
  keep(start);
  const { url: authorizeUrl } = (await start.json()) as { url: string };
  expect(authorizeUrl.startsWith(`${issuer.url}/authorize?`), authorizeUrl).toBe(true);
  expect(new URL(authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');
  const atIssuer = await fetch(authorizeUrl, { redirect: 'manual' });
  const callback = atIssuer.headers.get('location') ?? '';
  const back = await fetch(callback, { redirect: 'manual', headers: { cookie: cookie() } });
  keep(back);
  const location = new URL(back.headers.get('location') ?? '', base).toString();
  const session = (await (await fetch(`${base}/api/auth/session`, { headers: { cookie: cookie() } })).json()) as {
    user?: { id?: string };
  };
  return { location, userId: session.user?.id ?? null };
}

const identity = (email: string, verified = true): Identity => ({
  sub: `sub-${randomBytes(4).toString('hex')}`,
  email,
  email_verified: verified,
  name: 'SSO Person',
});

describe('OIDC sign-in through a local issuer', () => {
  it('shows a button for the provider on the sign-in page', async () => {
    const html = await (await fetch(`${stack.web.url}/signin`, { headers: { 'accept-language': 'en' } })).text();
    expect(html).toContain('Sign in with Test SSO');
  });

  it('signs an existing account with a verified email in, with our user id in the session', async () => {
    const user = await signUp(stack.web.url, 'has-password');
    await stack.sql('UPDATE users SET email_verified_at = now() WHERE id = $1', [user.id]);
    const r = await oidcSignIn(identity(user.email.toUpperCase()));
    expect(r.location).toBe(`${stack.web.url}/tasks`);
    expect(r.userId).toBe(user.id);
  });

  it('never joins a password account whose email was never verified (pre-registered by someone else)', async () => {
    const squatter = await signUp(stack.web.url, 'squatter');
    const r = await oidcSignIn(identity(squatter.email));
    expect(r.userId).toBeNull();
    expect(new URL(r.location).pathname).toBe('/signin');
    expect(new URL(r.location).searchParams.get('error')).toBe('account_unverified');
    const html = await (await fetch(r.location, { headers: { 'accept-language': 'en' } })).text();
    expect(html).toContain('its email was never verified');
  });

  it('creates an account for a new verified email', async () => {
    const email = `new-${randomBytes(4).toString('hex')}@example.com`;
    const r = await oidcSignIn(identity(email));
    const rows = await stack.sql<{ id: string; name: string; verified: boolean }>(
      'SELECT id, name, email_verified_at IS NOT NULL AS verified FROM users WHERE email = $1',
      [email],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.verified).toBe(true);
    expect(r.userId).toBe(rows[0]?.id);
    expect(rows[0]?.name).toBe('SSO Person');
  });

  it('refuses an unverified email and says why on the sign-in page', async () => {
    const user = await signUp(stack.web.url, 'victim');
    const r = await oidcSignIn(identity(user.email, false));
    expect(r.userId).toBeNull();
    expect(new URL(r.location).pathname).toBe('/signin');
    expect(new URL(r.location).searchParams.get('error')).toBe('email_unverified');
  });
});

describe('identity → users row', () => {
  it('finds by lower-cased email, creates when missing, and respects ALLOW_SIGNUP=false', async () => {
    const user = await signUp(stack.web.url, 'mapped');
    expect(await mapIdentity({ email: user.email, name: 'Other' })).toEqual({
      ok: false,
      reason: 'account_unverified',
    });
    await stack.sql('UPDATE users SET email_verified_at = now() WHERE id = $1', [user.id]);
    const found = await mapIdentity({ email: ` ${user.email.toUpperCase()} `, name: 'Other' });
    expect(found).toMatchObject({ ok: true, created: false, user: { id: user.id, email: user.email } });

    const email = `map-${randomBytes(4).toString('hex')}@example.com`;
    expect(await mapIdentity({ email, name: 'X' }, { allowSignup: false })).toEqual({
      ok: false,
      reason: 'signup_closed',
    });
    expect(await stack.sql('SELECT 1 FROM users WHERE email = $1', [email])).toHaveLength(0);

    const [a, b] = await Promise.all([mapIdentity({ email, name: 'X' }), mapIdentity({ email, name: 'X' })]);
    expect(a.ok && b.ok && a.user.id === b.user.id).toBe(true);
    const [row] = await stack.sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [
      email,
    ]);
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(await mapIdentity({ email: null })).toEqual({ ok: false, reason: 'email_unverified' });
  });

  it('lists only the providers whose variables are all set', () => {
    expect(enabledProviders(parseEnv({}))).toEqual([]);
    expect(enabledProviders(parseEnv({ GITHUB_ID: 'x' }))).toEqual([]);
    expect(enabledProviders(parseEnv({ GITHUB_ID: 'x', GITHUB_SECRET: 'y' }))).toEqual([
      { id: 'github', name: 'GitHub' },
    ]);
    const both = parseEnv({ GITHUB_ID: 'x', GITHUB_SECRET: 'y', ...webEnv, OIDC_NAME: '' });
    expect(enabledProviders(both)).toEqual([
      { id: 'github', name: 'GitHub' },
      { id: 'oidc', name: 'SSO' },
    ]);
    const oidc = externalProviders(both)[1] as unknown as { profile(p: object): { email: string | null } };
    expect(oidc.profile({ sub: 's', email: 'a@b.c', email_verified: false }).email).toBeNull();
    expect(oidc.profile({ sub: 's', email: 'a@b.c', email_verified: true }).email).toBe('a@b.c');
  });
});
