// Which channels this server can send on: configured by environment variables.
import { env } from '../../env';
import type { ChannelKind } from '../schema';
import { vapidKeys } from '../vapid';

export function channelAvailable(kind: ChannelKind): boolean {
  switch (kind) {
    case 'email':
    case 'alert_email':
    case 'account_email':
      return Boolean(env.SMTP_URL);
    case 'alert_webhook':
      return true;
    case 'webhook':
      return true;
    case 'sms':
      return Boolean(env.SMS_ACCOUNT_SID && env.SMS_AUTH_TOKEN && env.SMS_FROM);
    case 'push':
      return vapidKeys() !== null;
    default:
      return false;
  }
}
