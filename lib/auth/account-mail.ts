// Mail about an account, sent by lib/notify's delivery core on the `account_email` kind: the
// verification link (minted here, at send time, so the token is only ever in the mail) and the
// notice to an address's owner that someone tried to sign up with it. zh and en, in the style of
// lib/notify/templates.ts.
import { z } from 'zod';
import { publicUrl } from '../env';
import { sendMail } from '../notify/channels/email';
import { type Channel, DeliveryFailure } from '../notify/channels/types';
import { escapeHtml, type MessageLocale } from '../notify/templates';
import { mintVerificationToken, VERIFY_TTL_HOURS } from './verification';

const Target = z.object({ to: z.email(), locale: z.enum(['zh', 'en']).optional() });
const Payload = z.object({ type: z.enum(['verify', 'signup_attempt']), user_id: z.uuid() });

export interface AccountMessage {
  subject: string;
  text: string;
  html: string;
}

function render(lang: MessageLocale, subject: string, paragraphs: string[], link: { label: string; url: string }) {
  const text = [...paragraphs.flatMap((p) => [p, '']), `${link.label}: ${link.url}`, ''].join('\n');
  const html = `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><body style="font-family:sans-serif;line-height:1.5">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>
</body></html>`;
  return { subject, text, html };
}

export function renderVerifyMail(url: string, lang: MessageLocale): AccountMessage {
  return lang === 'zh'
    ? render(
        lang,
        '验证你的 Shortplay 邮箱',
        [
          '有人（希望是你）用这个邮箱注册了 Shortplay 账号。打开下面的链接验证邮箱，之后就可以用密码登录。',
          `链接 ${VERIFY_TTL_HOURS} 小时内有效，只能使用一次。如果不是你本人注册，忽略这封邮件即可：这个账号无法登录。`,
        ],
        { label: '验证邮箱', url },
      )
    : render(
        lang,
        'Verify your e-mail address for Shortplay',
        [
          'Someone (hopefully you) created a Shortplay account with this address. Follow the link to verify it; then you can sign in with your password.',
          `The link works once, within ${VERIFY_TTL_HOURS} hours. If it was not you, ignore this mail: that account cannot sign in.`,
        ],
        { label: 'Verify my e-mail address', url },
      );
}

export function renderSignupAttemptMail(url: string, lang: MessageLocale): AccountMessage {
  return lang === 'zh'
    ? render(
        lang,
        '有人尝试用你的邮箱注册 Shortplay',
        [
          '有人刚刚尝试用这个邮箱注册 Shortplay 账号。这个邮箱已经有账号了，所以没有创建新账号，你的账号也没有任何改变。',
          '如果是你本人，直接登录即可。如果不是你，忽略这封邮件即可。',
        ],
        { label: '登录', url },
      )
    : render(
        lang,
        'Someone tried to create a Shortplay account with your address',
        [
          'Someone just tried to create a Shortplay account with this address. It already has an account, so nothing was created and nothing about your account changed.',
          'If it was you, sign in instead. If it was not, you can ignore this mail.',
        ],
        { label: 'Sign in', url },
      );
}

export function accountEmailChannel(): Channel {
  return {
    async send(d) {
      const target = Target.safeParse(d.target);
      const payload = Payload.safeParse(d.payload);
      if (!target.success || !payload.success) throw new DeliveryFailure('malformed account e-mail', false);
      const lang = target.data.locale ?? 'zh';
      if (payload.data.type === 'signup_attempt') {
        return sendMail(d, target.data.to, renderSignupAttemptMail(`${publicUrl()}/signin`, lang));
      }
      const minted = await mintVerificationToken(payload.data.user_id);
      // Verified meanwhile (an earlier link), or the address changed: this link has nothing to prove.
      if (!minted || minted.email !== target.data.to) return 'not sent: nothing to verify';
      const url = `${publicUrl()}/api/users/verification?token=${minted.token}`;
      return sendMail(d, minted.email, renderVerifyMail(url, lang));
    },
  };
}
