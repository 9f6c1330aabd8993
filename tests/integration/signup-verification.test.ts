// E-mail at sign-up (issue 12), end to end with real sockets: the web process takes sign-ups, the
// worker mails an in-test SMTP server, the test reads the mail, follows its link and checks what
// each account may do. Without SMTP (a second web process on the same database) sign-up stays as
// before.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { json } from '../helpers/api';
import { stackForFile } from '../helpers/fixture';
import { startSmtpServer } from '../helpers/receivers';
import { credentialsSignIn } from '../helpers/session';
import { startWeb } from '../helpers/stack';
import { follow, type Mail, mailsTo, mailTo, verificationLink } from '../helpers/verify-mail';
import { waitUntil } from '../helpers/wait';

const smtp = await startSmtpServer();
const env = { SMTP_URL: smtp.url, MAIL_FROM: 'Shortplay <noreply@shortplay.test>', SIGNUP_PER_IP_PER_HOUR: '1000' };
const APP_URL = 'https://shortplay.example';
const stack = stackForFile({ workers: 1, env, workerEnv: { NEXTAUTH_URL: APP_URL } });
afterAll(() => smtp.close());

const PASSWORD = 'correct horse battery';
const address = (what: string) => `${what}-${randomBytes(4).toString('hex')}@example.com`;

function signUpAs(email: string, opts: { password?: string; lang?: string; base?: string } = {}) {
  const init = json({ email, password: opts.password ?? PASSWORD });
  if (opts.lang) init.headers = { ...(init.headers as Record<string, string>), 'accept-language': opts.lang };
  return fetch(`${opts.base ?? stack.web.url}/api/users`, init);
}

const tokenFor = (email: string, password = PASSWORD) =>
  fetch(`${stack.web.url}/api/tokens`, json({ email, password, name: 'cli' }));

const userRow = async (email: string) =>
  (
    await stack.sql<{ verified: boolean; required: boolean }>(
      'SELECT email_verified_at IS NOT NULL AS verified, email_verification_required AS required FROM users WHERE email = $1',
      [email],
    )
  )[0];

/** Waits until every account mail to `email` was delivered or failed, and returns the mails of `event`. */
async function settledMails(email: string, event: string): Promise<Mail[]> {
  const rows = await waitUntil(
    async () => {
      const r = await stack.sql<{ status: string }>(
        "SELECT status FROM notification_deliveries WHERE channel = 'account_email' AND target->>'to' = $1",
        [email],
      );
      return r.every((d) => d.status !== 'pending') ? r : null;
    },
    { what: `account mails to ${email} settled` },
  );
  await waitUntil(
    async () => (smtp.inbox.items.filter((m) => m.envelopeTo.includes(email)).length >= rows.length ? true : null),
    { what: 'the mails to arrive' },
  );
  return mailsTo(smtp, email, event);
}

describe('with SMTP configured', () => {
  it('a sign-up is unverified until the mailed link is followed; the link verifies, once, and signs nobody in', async () => {
    const email = address('new');
    const res = await signUpAs(email);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ email, verification: 'email_sent' });
    expect(await userRow(email)).toEqual({ verified: false, required: true });

    // The right password is refused with a reason only its owner can see; a wrong one stays "wrong".
    expect((await credentialsSignIn(stack.web.url, email, PASSWORD)).error).toBe('email_not_verified');
    expect((await credentialsSignIn(stack.web.url, email, 'not the password')).error).toBe('CredentialsSignin');
    const token = await tokenFor(email);
    expect(token.status).toBe(403);
    expect((await token.json()).error.code).toBe('email_not_verified');

    const mail = await mailTo(smtp, email, 'account.verify');
    expect(mail.from?.text).toContain('noreply@shortplay.test');
    expect(mail.subject).toBe('验证你的 Shortplay 邮箱');
    const link = verificationLink(mail);
    expect(link.origin).toBe(APP_URL);
    expect(mail.html).toContain(`href="${link.href.replaceAll('&', '&amp;')}"`);
    // Only the token's hash is stored.
    const secret = link.searchParams.get('token') as string;
    const stored = await stack.sql<{ token_hash: string; expires_in_hours: number }>(
      `SELECT token_hash, (extract(epoch FROM v.expires_at - v.created_at) / 3600)::float8 AS expires_in_hours
       FROM email_verifications v JOIN users u ON u.id = v.user_id WHERE u.email = $1`,
      [email],
    );
    expect(stored).toEqual([
      { token_hash: createHash('sha256').update(secret).digest('hex'), expires_in_hours: expect.closeTo(24, 3) },
    ]);
    expect(
      await stack.sql("SELECT 1 FROM notification_deliveries WHERE payload::text LIKE '%' || $1 || '%'", [secret]),
    ).toEqual([]);

    const followed = await follow(stack.web.url, link);
    expect(followed.status).toBe(303);
    expect(followed.headers.get('location')).toBe('/verify-email?result=verified');
    expect(followed.headers.getSetCookie()).toEqual([]);
    expect(await userRow(email)).toEqual({ verified: true, required: true });

    const again = await follow(stack.web.url, link);
    expect(again.headers.get('location')).toBe('/verify-email?result=already_verified');

    const signedIn = await credentialsSignIn(stack.web.url, email, PASSWORD);
    expect(signedIn.error).toBeNull();
    expect(signedIn.cookie).not.toBeNull();
    expect((await tokenFor(email)).status).toBe(201);
  });

  it('mails in the language of the request', async () => {
    const email = address('english');
    expect((await signUpAs(email, { lang: 'en-US,en;q=0.9' })).status).toBe(201);
    const mail = await mailTo(smtp, email, 'account.verify');
    expect(mail.subject).toBe('Verify your e-mail address for Shortplay');
    expect(mail.text).toContain('within 24 hours');
  });

  it('an existing address answers exactly like a new one, is left as it was, and its owner is told by mail, a few times an hour at most', async () => {
    const email = address('owner');
    await signUpAs(email);
    await follow(stack.web.url, verificationLink(await mailTo(smtp, email, 'account.verify')));

    const fresh = await signUpAs(address('fresh'), { password: 'another password' });
    const taken = await signUpAs(email.toUpperCase(), { password: 'another password', lang: 'en' });
    expect(taken.status).toBe(fresh.status);
    const [a, b] = [await fresh.json(), await taken.json()];
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    expect(b).toMatchObject({ email, verification: 'email_sent', role: 'user' });
    expect(b.id).not.toBe(a.id);

    const notice = await mailTo(smtp, email, 'account.signup_attempt');
    expect(notice.subject).toBe('Someone tried to create a Shortplay account with your address');
    expect(notice.text).toContain(`${APP_URL}/signin`);
    expect(notice.text).not.toMatch(/token=/);
    // The account is untouched: its password works, the newcomer's does not.
    expect((await tokenFor(email)).status).toBe(201);
    expect((await tokenFor(email, 'another password')).status).toBe(401);

    // Ten more tries in a burst: all answered 201, but the owner gets at most 3 account mails an hour.
    for (let i = 0; i < 10; i++)
      expect((await signUpAs(email, { password: `another password ${i}` })).status).toBe(201);
    const notices = await settledMails(email, 'account.signup_attempt');
    // One hit went to the original sign-up's own link.
    expect(notices.length).toBe(2);
    expect(mailsTo(smtp, email, 'account.verify')).toHaveLength(1);
  });

  it('signing up again with an address that is still unverified mails a fresh link instead', async () => {
    const email = address('twice');
    await signUpAs(email);
    const first = verificationLink(await mailTo(smtp, email, 'account.verify'));
    expect((await signUpAs(email)).status).toBe(201);
    const links = await waitUntil(
      async () => {
        const m = mailsTo(smtp, email, 'account.verify');
        return m.length >= 2 ? m.map(verificationLink) : null;
      },
      { what: 'a second link' },
    );
    expect(links[1]?.href).not.toBe(first.href);
    expect(mailsTo(smtp, email, 'account.signup_attempt')).toEqual([]);
    expect((await follow(stack.web.url, links[1] as URL)).headers.get('location')).toBe(
      '/verify-email?result=verified',
    );
  });

  it('"send the link again": the same 202 for any address, a link only to an unverified account', async () => {
    const email = address('resend');
    await signUpAs(email);
    const first = await mailTo(smtp, email, 'account.verify');
    const nobody = address('nobody');
    for (const who of [email, nobody]) {
      const res = await fetch(`${stack.web.url}/api/users/verification`, json({ email: who }));
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ status: 'queued' });
    }
    const links = await waitUntil(
      async () => {
        const m = mailsTo(smtp, email, 'account.verify');
        return m.length >= 2 ? m : null;
      },
      { what: 'the resent link' },
    );
    expect(links[1]).not.toBe(first);
    expect(await settledMails(nobody, 'account.verify')).toEqual([]);

    // An expired link verifies nothing; a malformed one is a 400.
    await stack.sql(
      "UPDATE email_verifications SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE email = $1)",
      [email],
    );
    expect((await follow(stack.web.url, verificationLink(first))).headers.get('location')).toBe(
      '/verify-email?result=invalid',
    );
    expect(await userRow(email)).toEqual({ verified: false, required: true });
    const bad = await fetch(`${stack.web.url}/api/users/verification?token=short`, { redirect: 'manual' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_token');
    const unknown = await fetch(`${stack.web.url}/api/users/verification?token=${'A'.repeat(43)}`, {
      redirect: 'manual',
    });
    expect(unknown.headers.get('location')).toBe('/verify-email?result=invalid');
    for (const body of [{}, { email: 'not-an-address' }, { email, extra: 1 }]) {
      expect((await fetch(`${stack.web.url}/api/users/verification`, json(body))).status).toBe(422);
    }
  });

  it('the verification result page says how it went, in the reader’s language', async () => {
    const page = await fetch(`${stack.web.url}/verify-email?result=verified`, { headers: { 'accept-language': 'en' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Your address is verified');
    const zh = await fetch(`${stack.web.url}/verify-email?result=invalid`);
    expect(await zh.text()).toContain('链接无效');
  });
});

describe('with the account-mail cap set lower', () => {
  it("ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR=1: the link is the address's one mail this hour, no notice follows", async () => {
    const capped = await startWeb(stack.dbUrl, { ...env, ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR: '1' });
    try {
      const email = address('capped');
      expect((await signUpAs(email, { base: capped.url })).status).toBe(201);
      await follow(stack.web.url, verificationLink(await mailTo(smtp, email, 'account.verify')));
      for (let i = 0; i < 3; i++)
        expect((await signUpAs(email, { base: capped.url, password: `another password ${i}` })).status).toBe(201);
      expect(await settledMails(email, 'account.signup_attempt')).toEqual([]);
    } finally {
      await capped.stop();
    }
  });
});

describe('without SMTP', () => {
  it('sign-up signs in at once as before, and "send the link again" says mail cannot be sent', async () => {
    const plain = await startWeb(stack.dbUrl, { SIGNUP_PER_IP_PER_HOUR: '1000' });
    try {
      const email = address('plain');
      const res = await signUpAs(email, { base: plain.url });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ verification: 'not_required' });
      expect(await userRow(email)).toEqual({ verified: false, required: false });
      expect((await credentialsSignIn(plain.url, email, PASSWORD)).cookie).not.toBeNull();
      const resend = await fetch(`${plain.url}/api/users/verification`, json({ email }));
      expect(resend.status).toBe(422);
      expect((await resend.json()).error.code).toBe('mail_unavailable');
      expect(mailsTo(smtp, email, 'account.verify')).toEqual([]);
    } finally {
      await plain.stop();
    }
  });
});
