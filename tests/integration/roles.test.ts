// Roles without SQL: ADMIN_EMAILS promotes at sign-up and at every sign-in (password and external),
// changeUser (behind `npm run user` and the admin users page) sets role and tier, and nothing else
// is promoted.
import { describe, expect, it } from 'vitest';
import { inProcessDb } from '../helpers/in-process';

const db = inProcessDb({ ADMIN_EMAILS: ' Boss@Example.com ,ops@example.com', ALLOW_SIGNUP: 'true' });
const password = 'correct horse battery';

const roleOf = async (email: string) =>
  (
    await db.sql.query<{ role: string; tier: string }>('SELECT role::text, tier::text FROM users WHERE email = $1', [
      email,
    ])
  ).rows[0];

describe('roles', () => {
  it('makes listed emails admins at sign-up, whatever their case, and no one else', async () => {
    const { signUp } = await import('../../lib/auth/users');
    expect((await signUp({ email: 'boss@example.com', password }, '203.0.113.9')).role).toBe('admin');
    expect((await signUp({ email: 'writer@example.com', password }, '203.0.113.9')).role).toBe('user');
    // A listed email that only contains another one is not listed.
    expect((await signUp({ email: 'xops@example.com', password }, '203.0.113.9')).role).toBe('user');
  });

  it('promotes a listed account again at its next sign-in after someone demoted it', async () => {
    const { signUp, verifyCredentials } = await import('../../lib/auth/users');
    const { changeUser } = await import('../../lib/auth/roles');
    await signUp({ email: 'ops@example.com', password }, '203.0.113.9');
    await changeUser({ email: 'ops@example.com' }, { role: 'user' });
    expect((await roleOf('ops@example.com'))?.role).toBe('user');
    const user = await verifyCredentials({ email: 'OPS@example.com', password }, '203.0.113.9');
    expect(user?.role).toBe('admin');
    expect((await roleOf('ops@example.com'))?.role).toBe('admin');
    // A wrong password promotes nobody.
    await changeUser({ email: 'ops@example.com' }, { role: 'user' });
    expect(await verifyCredentials({ email: 'ops@example.com', password: 'wrong one!' }, '203.0.113.9')).toBeNull();
    expect((await roleOf('ops@example.com'))?.role).toBe('user');
  });

  it('promotes listed emails on external sign-in, for new and existing accounts', async () => {
    const { userForExternalIdentity } = await import('../../lib/auth/external');
    // boss@ signed up with a password above and never proved the address: SSO is not joined to it.
    expect(await userForExternalIdentity({ email: 'Boss@Example.com ' })).toMatchObject({
      ok: false,
      reason: 'account_unverified',
    });
    // An existing account with a verified address that is listed gets promoted at SSO sign-in…
    await db.sql.query("UPDATE users SET email_verified_at = now(), role = 'user' WHERE email = 'boss@example.com'");
    expect(await userForExternalIdentity({ email: 'Boss@Example.com ' })).toMatchObject({
      ok: true,
      user: { role: 'admin' },
    });
    // …and one that is not listed stays a user.
    await db.sql.query(
      "INSERT INTO users (email, password_hash, name, email_verified_at) VALUES ('ops2@example.com', 'x', 'o', now())",
    );
    const other = await userForExternalIdentity({ email: 'ops2@example.com' });
    expect(other).toMatchObject({ ok: true, user: { role: 'user' } });
  });

  it('changes role and tier by email or id, and refuses unknown users and values', async () => {
    const { changeUser, listUsers } = await import('../../lib/auth/roles');
    const u = await changeUser({ email: 'WRITER@example.com' }, { tier: 'vip' });
    expect(u).toMatchObject({ email: 'writer@example.com', role: 'user', tier: 'vip' });
    expect(await changeUser({ id: u.id }, { role: 'admin', tier: 'standard' })).toMatchObject({
      role: 'admin',
      tier: 'standard',
    });
    await expect(changeUser({ email: 'nobody@example.com' }, { role: 'admin' })).rejects.toMatchObject({ status: 404 });
    await expect(changeUser({ id: 'not-a-uuid' }, { role: 'admin' })).rejects.toMatchObject({ status: 404 });
    await expect(changeUser({ email: 'writer@example.com' }, { role: 'root' as 'admin' })).rejects.toMatchObject({
      status: 422,
    });
    const listed = await listUsers({ q: 'WRITER' });
    expect(listed.map((x) => x.email)).toEqual(['writer@example.com']);
    expect(listed[0]?.tasks).toBe(0);
  });

  it('parses the command line of npm run user', async () => {
    const { parseUserArgs } = await import('../../scripts/user');
    expect(parseUserArgs(['role', 'a@b.c', 'admin'])).toEqual({ email: 'a@b.c', role: 'admin' });
    expect(parseUserArgs(['tier', 'a@b.c', 'vip'])).toEqual({ email: 'a@b.c', tier: 'vip' });
    expect(() => parseUserArgs(['promote', 'a@b.c', 'admin'])).toThrow(/usage/);
    expect(() => parseUserArgs(['role', 'a@b.c'])).toThrow(/usage/);
  });
});
