// The channel registry of the delivery core: kind → sender. Issue 13's admin alerts enqueue on
// the same kinds (lib/notify/enqueue.ts); lib/auth's account mail (verification links) too.
import { accountEmailChannel } from '../../auth/account-mail';
import type { ChannelKind } from '../schema';
import { alertEmailChannel, alertWebhookChannel } from './alert';
import { emailChannel } from './email';
import { pushChannel } from './push';
import { smsChannel } from './sms';
import type { Channel } from './types';
import { webhookChannel } from './webhook';

let registry: Partial<Record<ChannelKind, Channel>> | null = null;

export function channelFor(kind: ChannelKind): Channel | undefined {
  registry ??= {
    email: emailChannel(),
    sms: smsChannel(),
    push: pushChannel(),
    webhook: webhookChannel(),
    alert_webhook: alertWebhookChannel(),
    alert_email: alertEmailChannel(),
    account_email: accountEmailChannel(),
  };
  return registry[kind];
}
