// Operator alerts (lib/alerts) on the delivery core: a Slack-compatible incoming webhook (the
// payload is posted as is: `text` for Slack, `alert` for anything else) through the SSRF guard,
// and plain-text e-mail over the same SMTP transport as task notifications.
import { z } from 'zod';
import { env } from '../../env';
import { safePost, UnsafeTargetError } from '../ssrf';
import { sendMail } from './email';
import { type Channel, DeliveryFailure } from './types';

const WebhookTarget = z.object({ url: z.url() });
const EmailTarget = z.object({ to: z.email() });
const Payload = z.object({ text: z.string(), subject: z.string() }).passthrough();

export function alertWebhookChannel(): Channel {
  return {
    async send(d) {
      const target = WebhookTarget.safeParse(d.target);
      if (!target.success) throw new DeliveryFailure('malformed alert webhook target', false);
      try {
        const res = await safePost(target.data.url, {
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Shortplay-Alerts/1',
            'x-shortplay-delivery': d.id,
          },
          body: JSON.stringify(d.payload),
          timeoutMs: env.WEBHOOK_TIMEOUT_MS,
          allowPrivate: env.WEBHOOK_ALLOW_PRIVATE,
        });
        const outcome = `HTTP ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`;
        if (res.status < 200 || res.status >= 300)
          throw new DeliveryFailure(outcome, res.status >= 500 || res.status === 429);
        return outcome;
      } catch (err) {
        if (err instanceof DeliveryFailure) throw err;
        throw new DeliveryFailure((err as Error).message, !(err instanceof UnsafeTargetError));
      }
    },
  };
}

export function alertEmailChannel(): Channel {
  return {
    async send(d) {
      const target = EmailTarget.safeParse(d.target);
      const payload = Payload.safeParse(d.payload);
      if (!target.success || !payload.success) throw new DeliveryFailure('malformed alert e-mail', false);
      return sendMail(d, target.data.to, payload.data);
    },
  };
}
