// /account's notification settings, webhooks and delivery log: add an endpoint (its secret shown
// once), send a test event that a receiver in this test verifies with the Standard Webhooks
// library, and see it delivered in the log; screenshots at 1280 and 390 px in zh and en.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { expect, LOCALES, screenshot, test } from './support/fixtures';

const text = {
  zh: {
    add: '添加 Webhook',
    test: '发送测试事件',
    delivered: '已送达',
    save: '保存',
    saved: '已保存',
    url: '接收地址（URL）',
    queued: '测试事件已加入发送队列。',
  },
  en: {
    add: 'Add webhook',
    test: 'Send test event',
    delivered: 'Delivered',
    save: 'Save',
    saved: 'Saved',
    url: 'Endpoint URL',
    queued: 'Test event queued.',
  },
};

for (const [locale, lang] of LOCALES) {
  test.describe(lang, () => {
    test.use({ locale, signedIn: true });

    test(`webhooks and the delivery log on /account (${lang})`, async ({ page }) => {
      const t = text[lang];
      const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
      const server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          received.push({ headers: req.headers, body });
          res.end('ok');
        });
      });
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      try {
        await page.goto('/account');
        await expect(page.getByTestId('notify-settings')).toBeVisible();
        await page.getByRole('button', { name: t.save, exact: true }).click();
        await expect(page.getByRole('status').filter({ hasText: t.saved })).toBeVisible();

        await page.getByLabel(t.url).fill(url);
        await page.getByRole('button', { name: t.add }).click();
        const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
        expect(secret).toMatch(/^whsec_/);
        await expect(page.getByTestId('webhook-row')).toHaveCount(1);

        await page.getByRole('button', { name: t.test }).click();
        await expect(page.getByRole('status').filter({ hasText: t.queued })).toBeVisible();
        await expect
          .poll(
            async () => {
              await page.reload();
              return page.getByTestId('delivery-status').first().textContent();
            },
            { timeout: 20_000 },
          )
          .toBe(t.delivered);
        expect(received).toHaveLength(1);
        const event = new Webhook(secret).verify(
          received[0]?.body ?? '',
          received[0]?.headers as Record<string, string>,
        );
        expect(event).toMatchObject({ type: 'webhook.test' });

        await screenshot(page, `account-notifications-${lang}-1280`);
        await page.setViewportSize({ width: 390, height: 844 });
        await page.reload();
        const { scroll, width } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          width: window.innerWidth,
        }));
        expect(scroll).toBeLessThanOrEqual(width);
        await screenshot(page, `account-notifications-${lang}-390`);
      } finally {
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
    });
  });
}
