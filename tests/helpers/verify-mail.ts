// Account mail as a user meets it: wait for the mail to an address in the in-test SMTP server,
// take the link out of its text, and follow it against the web process under test.
import type { ParsedMail } from 'mailparser';
import type { MailReceiver } from './receivers';

export type Mail = ParsedMail & { envelopeTo: string[] };

/** The next mail to `email` whose X-Shortplay-Event is `event` (e.g. `account.verify`). */
export const mailTo = (smtp: MailReceiver, email: string, event: string, timeoutMs?: number): Promise<Mail> =>
  smtp.inbox.next((m) => m.envelopeTo.includes(email) && m.headers.get('x-shortplay-event') === event, timeoutMs);

/** Every mail to `email` so far with that event. */
export const mailsTo = (smtp: MailReceiver, email: string, event: string): Mail[] =>
  smtp.inbox.items.filter((m) => m.envelopeTo.includes(email) && m.headers.get('x-shortplay-event') === event);

/** The verification link in a mail's text. */
export function verificationLink(mail: Mail): URL {
  const found = /https?:\/\/\S+\/api\/users\/verification\?token=\S+/.exec(mail.text ?? '');
  if (!found) throw new Error(`no verification link in: ${mail.text}`);
  return new URL(found[0]);
}

/** Follows a mailed link on `baseUrl` (the mail names the public URL); the answer, unfollowed. */
export const follow = (baseUrl: string, link: URL): Promise<Response> =>
  fetch(`${baseUrl}${link.pathname}${link.search}`, { redirect: 'manual' });

/** For signUp's `afterSignUp`: follows the verification mail sent to the new account. */
export function verifyThrough(smtp: MailReceiver, baseUrl: string) {
  return async (email: string) => {
    const res = await follow(baseUrl, verificationLink(await mailTo(smtp, email, 'account.verify')));
    if (res.status !== 303) throw new Error(`verification link answered ${res.status}`);
  };
}
