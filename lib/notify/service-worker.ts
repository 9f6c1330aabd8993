// The service worker served at /sw.js (app/sw.js/route.ts): shows a push message's {title, body,
// url} as a notification and, on click, focuses a tab already on that URL or opens it. Only
// same-origin URLs are opened. Plain ES2020, no imports: it runs in the browser as is.
export const SERVICE_WORKER_SOURCE = `'use strict';
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const title = typeof data.title === 'string' && data.title ? data.title : 'Shortplay';
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === 'string' ? data.body : '',
      data: { url: typeof data.url === 'string' ? data.url : '/' },
      tag: typeof data.url === 'string' ? data.url : undefined,
    }),
  );
});
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  let url = new URL('/', self.location.origin);
  try {
    const wanted = new URL(event.notification.data && event.notification.data.url, self.location.origin);
    if (wanted.origin === self.location.origin) url = wanted;
    else url = new URL(wanted.pathname + wanted.search, self.location.origin);
  } catch {}
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
      for (const c of list) if (c.url === url.href && 'focus' in c) return c.focus();
      return self.clients.openWindow(url.href);
    }),
  );
});
`;
