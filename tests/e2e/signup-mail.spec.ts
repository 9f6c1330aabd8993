// The pages of e-mail verification at sign-up (issue 12), at 1280 and 390 px in zh and en. The
// browser suite runs without SMTP, so the sign-up answer that says a link was mailed is stubbed
// for the "check your e-mail" state; the real flow (mail, link, sign-in) is in
// tests/integration/signup-verification.test.ts.
import { expect, LOCALES, noOverflow, screenshot, test, viewport, WIDTHS } from './support/fixtures';

for (const [locale, lang] of LOCALES) {
  for (const width of WIDTHS) {
    test.describe(`${lang} ${width}px`, () => {
      test.use({ locale, viewport: viewport(width) });

      test(`verification pages, ${lang} at ${width}px`, async ({ page }) => {
        const zh = lang === 'zh';
        const shot = async (name: string) => {
          await noOverflow(page, name);
          await screenshot(page, `${name}-${lang}-${width}`);
        };
        await page.route('**/api/users', (route) =>
          route.fulfill({
            status: 201,
            contentType: 'application/json',
            body: JSON.stringify({
              id: '00000000-0000-4000-8000-000000000000',
              email: 'writer@example.com',
              name: 'writer',
              role: 'user',
              tier: 'standard',
              created_at: new Date().toISOString(),
              verification: 'email_sent',
            }),
          }),
        );
        await page.goto('/signup');
        await page.getByLabel(zh ? '邮箱' : 'Email').fill('writer@example.com');
        await page.getByLabel(zh ? '密码' : 'Password').fill('correct horse battery');
        await page.getByRole('button', { name: zh ? '注册并登录' : 'Sign up and sign in' }).click();
        await expect(page.getByTestId('check-email')).toContainText('writer@example.com');
        await shot('signup-check-email');

        await page.goto('/verify-email?result=verified');
        await expect(page.getByRole('heading', { name: zh ? '邮箱已验证' : 'E-mail address verified' })).toBeVisible();
        await shot('verify-email-verified');

        await page.goto('/verify-email?result=invalid');
        await expect(page.getByTestId('resend-verification')).toBeVisible();
        await shot('verify-email-invalid');

        await page.goto('/signin?error=email_not_verified');
        await expect(page.getByText(zh ? '请先验证邮箱' : 'Verify your e-mail address first')).toBeVisible();
        await expect(page.getByRole('button', { name: zh ? '重新发送验证链接' : 'Send the link again' })).toBeVisible();
        // One address field: "send the link again" sends to what is typed in the form.
        await expect(page.getByLabel(zh ? '邮箱' : 'Email')).toHaveCount(1);
        await shot('signin-email-not-verified');
      });
    });
  }
}
