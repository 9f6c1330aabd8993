// Browser push on /account with the notifications permission granted: the real service worker
// /sw.js is registered (under the page's CSP) and the subscribe button posts the subscription to
// our API. Chromium cannot reach its push service offline, so PushManager.subscribe and
// getSubscription are replaced in the page by an injected subscription (init script below); the
// rest — permission, registration, POST and DELETE, the stored row — is real. Screenshots at
// 1280 and 390 px in zh and en.
import { expect, screenshot, test } from './support/fixtures';

const text = {
  zh: { on: '开启浏览器推送', off: '关闭浏览器推送', subscribed: '已订阅', unsubscribed: '未订阅' },
  en: {
    on: 'Turn on browser push',
    off: 'Turn off browser push',
    subscribed: 'subscribed',
    unsubscribed: 'not subscribed',
  },
};

/** Runs in the page before its scripts: a PushManager whose subscription is made up, with keys that look real. */
function injectSubscription(endpoint: string) {
  const b64 = (n: number, seed: number) =>
    btoa(String.fromCharCode(...Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  let current: PushSubscription | null = null;
  const make = () =>
    ({
      endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: null },
      getKey: () => null,
      toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: `B${b64(64, 7)}`, auth: b64(16, 3) } }),
      unsubscribe: async () => {
        current = null;
        return true;
      },
    }) as unknown as PushSubscription;
  PushManager.prototype.subscribe = async (options?: PushSubscriptionOptionsInit) => {
    if (!options?.applicationServerKey) throw new Error('no applicationServerKey');
    current = make();
    return current;
  };
  PushManager.prototype.getSubscription = async () => current;
}

for (const [locale, lang] of [
  ['zh-CN', 'zh'],
  ['en-US', 'en'],
] as const) {
  test.describe(lang, () => {
    test.use({ locale });

    test(`subscribe and unsubscribe browser push on /account (${lang})`, async ({ page, context, user, sql }) => {
      const t = text[lang];
      const endpoint = `https://push.example.invalid/send/${user.email}`;
      await context.grantPermissions(['notifications']);
      await page.addInitScript(injectSubscription, endpoint);
      const posted = page.waitForRequest(
        (r) => r.url().endsWith('/api/notifications/push/subscriptions') && r.method() === 'POST',
      );

      await page.goto('/account');
      await expect(page.getByTestId('push-state')).toHaveText(t.unsubscribed);
      await page.getByRole('button', { name: t.on }).click();
      await expect(page.getByTestId('push-state')).toHaveText(t.subscribed);
      const body = (await posted).postDataJSON() as { endpoint: string; keys: { auth: string } };
      expect(body.endpoint).toBe(endpoint);
      expect(await sql('SELECT endpoint FROM push_subscriptions WHERE endpoint = $1', [endpoint])).toHaveLength(1);

      // The real service worker, registered at /sw.js with scope /.
      const reg = await page.evaluate(async () => {
        const r = await navigator.serviceWorker.ready;
        // Headless Chromium reports Notification.permission as "denied" even when granted; the
        // Permissions API (and requestPermission, which the subscribe click passed) tell the truth.
        const permission = (await navigator.permissions.query({ name: 'notifications' })).state;
        return { scope: r.scope, script: r.active?.scriptURL, permission };
      });
      expect(reg.scope).toBe(new URL('/', page.url()).href);
      expect(reg.script).toBe(new URL('/sw.js', page.url()).href);
      expect(reg.permission).toBe('granted');

      await screenshot(page, `account-push-${lang}-1280`);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      await expect(page.getByTestId('push-state')).toHaveText(t.unsubscribed); // the injected state is per page load
      const { scroll, width } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        width: window.innerWidth,
      }));
      expect(scroll).toBeLessThanOrEqual(width);
      await page.getByRole('button', { name: t.on }).click();
      await expect(page.getByTestId('push-state')).toHaveText(t.subscribed);
      await screenshot(page, `account-push-${lang}-390`);

      const deleted = page.waitForResponse(
        (r) => r.url().endsWith('/api/notifications/push/subscriptions') && r.request().method() === 'DELETE',
      );
      await page.getByRole('button', { name: t.off }).click();
      const del = await deleted;
      expect(del.request().postDataJSON()).toEqual({ endpoint });
      expect(del.status()).toBe(204);
      await expect(page.getByTestId('push-state')).toHaveText(t.unsubscribed);
      expect(await sql('SELECT endpoint FROM push_subscriptions WHERE endpoint = $1', [endpoint])).toEqual([]);
    });
  });
}
