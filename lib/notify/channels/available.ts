// Which channels this server can send on: configured by environment variables.
import { env } from '../../env';
import type { ChannelKind } from '../schema';

export function channelAvailable(kind: ChannelKind): boolean {
  switch (kind) {
    case 'email':
    case 'alert_email':
      return Boolean(env.SMTP_URL);
    case 'alert_webhook':
      return true;
    case 'webhook':
      return true;
    default:
      return false; // SMS and push are not built yet (issue 9, steps 4–5)
  }
}
