// /docs/api: the API reference renders the OpenAPI document with the self-hosted Swagger UI,
// offline, at desktop and phone widths (the page is the renderer's, English in either locale).
import { expect, screenshot, test } from './support/fixtures';

const SCREENS = [
  { locale: 'zh-CN', lang: 'zh', width: 1280, height: 800 },
  { locale: 'zh-CN', lang: 'zh', width: 390, height: 844 },
  { locale: 'en-US', lang: 'en', width: 1280, height: 800 },
  { locale: 'en-US', lang: 'en', width: 390, height: 844 },
] as const;

for (const { locale, lang, width, height } of SCREENS) {
  test.describe(`API reference ${lang} ${width}px`, () => {
    test.use({ locale, viewport: { width, height }, allowConsoleErrors: [] });

    test(`the API reference, ${lang} at ${width}px`, async ({ page }) => {
      const external: string[] = [];
      page.on('request', (r) => {
        const url = new URL(r.url());
        if (!['127.0.0.1', 'localhost'].includes(url.hostname) && url.protocol !== 'data:') external.push(r.url());
      });
      const violations: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await page.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
        ),
      );
      const res = await page.goto('/docs/api');
      // Under its own policy: scripts only from this server, no sandbox, inline styles allowed.
      const csp = res?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('sandbox');
      expect(csp).not.toContain("'unsafe-eval'");
      expect(csp).not.toContain('strict-dynamic'); // which would block the renderer's nonce-less scripts
      await expect(page.getByText('Shortplay API', { exact: false }).first()).toBeVisible();
      await expect(page.getByText('Submit a novel')).toBeVisible();
      expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(19);
      await screenshot(page, `api-docs-${lang}-${width}`);
      await page.getByText('Submit a novel').click();
      await expect(page.getByText('Idempotency-Key').first()).toBeVisible();
      await screenshot(page, `api-docs-submit-${lang}-${width}`);
      expect(external).toEqual([]);
      expect(violations).toEqual([]);
    });
  });
}
