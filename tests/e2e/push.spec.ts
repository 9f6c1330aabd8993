// Browser push on /account with the notifications permission granted: the real service worker
// /sw.js is registered (under the page's CSP) and the subscribe button posts the subscription to
// our API. Chromium cannot reach its push service offline, so PushManager.subscribe and
// getSubscription are replaced in the page by an injected subscription (init script below); the
// rest — permission, registration, POST and DELETE, the stored row — is real. Screenshots at
// 1280 and 390 px in zh and en.
import { expect, LOCALES, screenshot, test } from './support/fixtures';

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

for (const [locale, lang] of LOCALES) {
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

// The service worker's own handlers on a real push event: DevTools' "push" button (CDP
// ServiceWorker.deliverPushMessage) delivers the JSON our push channel sends. The headless Chromium
// here refuses to show notifications whatever the permission says, and only a trusted click may open
// a window, so inside the worker showNotification, getNotifications and clients.openWindow are
// replaced by recorders before the push; what the handlers ask of them is what the test checks: the
// title, body and link shown, and on click the task's page opened on our own origin, even when the
// message names another origin.
test('the service worker shows a pushed message and opens its page on click', async ({ page, context }) => {
  await page.goto('/signin');
  const origin = new URL(page.url()).origin;
  // What the account page's push button does first, under the page's CSP.
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
  });
  const worker = context.serviceWorkers().find((w) => w.url() === `${origin}/sw.js`);
  expect(worker, 'the service worker at /sw.js').toBeTruthy();
  if (!worker) return;
  await worker.evaluate(() => {
    const scope = self as unknown as WorkerScope;
    scope.recorded = { shown: [], opened: [], closed: 0 };
    const rec = scope.recorded;
    const reg = Object.getPrototypeOf(scope.registration) as ServiceWorkerRegistration;
    reg.showNotification = async (title: string, options?: NotificationOptions) => {
      rec.shown.push({ title, body: options?.body ?? '', data: options?.data as { url: string } });
    };
    reg.getNotifications = async () =>
      rec.shown.map((n) => ({ ...n, close: () => void rec.closed++ }) as unknown as Notification);
    scope.clients.openWindow = async (url: string) => {
      rec.opened.push(url);
      return null;
    };
  });

  const cdp = await context.newCDPSession(page);
  const registered = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const r = registrations.find((x) => x.scopeURL === `${origin}/` && !x.isDeleted);
      if (r) resolve(r.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  const registrationId = await registered;
  const message = { title: '《阿Q正传》已完成 🎬', body: '点击查看任务', url: 'https://evil.example/tasks?from=push' };
  await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: JSON.stringify(message) });

  const recorded = () => worker.evaluate(() => (self as unknown as WorkerScope).recorded);
  await expect
    .poll(async () => (await recorded()).shown)
    .toEqual([{ title: message.title, body: message.body, data: { url: message.url } }]);

  // A push whose data is not JSON still shows, with the product's name as the title.
  await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: 'plain text' });
  await expect
    .poll(async () => (await recorded()).shown[1])
    .toEqual({
      title: 'Shortplay',
      body: 'plain text',
      data: { url: '/' },
    });

  await worker.evaluate(async () => {
    const scope = self as unknown as WorkerScope;
    const [notification] = await scope.registration.getNotifications();
    const click = new scope.ExtendableEvent('notificationclick');
    Object.defineProperty(click, 'notification', { value: notification });
    scope.dispatchEvent(click);
  });
  // Another origin is never opened: its path is opened on ours.
  await expect.poll(async () => (await recorded()).opened).toEqual([`${origin}/tasks?from=push`]);
  expect((await recorded()).closed).toBe(1);
});

/** What the test touches of a service worker's global scope (the DOM typings lack it). */
interface WorkerScope extends EventTarget {
  registration: ServiceWorkerRegistration;
  clients: { openWindow(url: string): Promise<unknown> };
  ExtendableEvent: new (type: string) => Event;
  recorded: { shown: { title: string; body: string; data: { url: string } }[]; opened: string[]; closed: number };
}
