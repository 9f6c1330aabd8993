import { describe, expect, it } from 'vitest';
import { renderSignupAttemptMail, renderVerifyMail } from './account-mail';

describe('account mail', () => {
  const url = 'https://app.example/api/users/verification?token=abc&x=<y>';

  it('puts the link in the text and, escaped, in the HTML, in zh and en', () => {
    const zh = renderVerifyMail(url, 'zh');
    expect(zh.subject).toBe('验证你的 Shortplay 邮箱');
    expect(zh.text).toContain(`验证邮箱: ${url}`);
    expect(zh.html).toContain('href="https://app.example/api/users/verification?token=abc&amp;x=&lt;y&gt;"');
    expect(zh.html).toContain('lang="zh-CN"');
    const en = renderVerifyMail(url, 'en');
    expect(en.text).toContain('within 24 hours');
    expect(en.html).toContain('lang="en"');
  });

  it('the notice to an owner carries no token, only the way to sign in', () => {
    const m = renderSignupAttemptMail('https://app.example/signin', 'en');
    expect(m.subject).toBe('Someone tried to create a Shortplay account with your address');
    expect(m.text).toContain('Sign in: https://app.example/signin');
    expect(renderSignupAttemptMail('https://app.example/signin', 'zh').text).toContain(
      '登录: https://app.example/signin',
    );
  });
});
