// Browser push: {title, body, url} in the user's language, encrypted for one subscription
// (RFC 8291 aes128gcm) and signed with the server's VAPID key. A push service answering 404 or
// 410 means the browser unsubscribed: the subscription is removed and the delivery fails for good.
import webpush from 'web-push';
import { z } from 'zod';
import { env } from '../../env';
import type { TaskEventPayload } from '../payload';
import { pushSubscription, removePushSubscription } from '../push';
import { renderPushMessage } from '../templates';
import { clean, cut } from '../text';
import { vapidKeys } from '../vapid';
import { type Channel, DeliveryFailure } from './types';

const Target = z.object({ subscription_id: z.uuid(), locale: z.enum(['zh', 'en']).optional() });

export function pushChannel(): Channel {
  return {
    async send(d) {
      const target = Target.safeParse(d.target);
      if (!target.success) throw new DeliveryFailure('malformed push target', false);
      const keys = vapidKeys();
      if (!keys) throw new DeliveryFailure('push is not configured on this server', false);
      const sub = await pushSubscription(target.data.subscription_id);
      if (!sub) throw new DeliveryFailure('the browser unsubscribed', false);
      const message = renderPushMessage(d.payload as TaskEventPayload, target.data.locale ?? 'zh');
      try {
        const res = await webpush.sendNotification(
          { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
          JSON.stringify(message),
          {
            vapidDetails: keys,
            TTL: 24 * 3600,
            contentEncoding: 'aes128gcm',
            timeout: env.WEBHOOK_TIMEOUT_MS,
          },
        );
        return `HTTP ${res.statusCode}`;
      } catch (err) {
        if (err instanceof webpush.WebPushError) {
          if (err.statusCode === 404 || err.statusCode === 410) {
            await removePushSubscription(sub.id);
            throw new DeliveryFailure(`HTTP ${err.statusCode}: the subscription expired; removed it`, false);
          }
          const retryable = err.statusCode === 429 || err.statusCode >= 500;
          throw new DeliveryFailure(`HTTP ${err.statusCode}: ${cut(clean(err.body ?? ''), 200)}`, retryable);
        }
        throw err;
      }
    },
  };
}
