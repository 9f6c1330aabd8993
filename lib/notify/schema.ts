// Wire shapes of notifications: events, channels, settings, webhook endpoints and the delivery
// log. Shared by route handlers, the account page and the queue payload.
import { z } from 'zod';

/** Events a webhook can subscribe to. `webhook.test` is only sent by "send test event". */
export const WEBHOOK_EVENTS = ['task.completed', 'task.failed', 'task.cancelled'] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEvent = z.infer<typeof WebhookEvent>;
export type NotifyEvent = WebhookEvent | 'webhook.test';

/** Events a user chooses personal channels for (e-mail, SMS, push). */
export const SETTINGS_EVENTS = ['task.completed', 'task.failed'] as const;
export const SettingsEvent = z.enum(SETTINGS_EVENTS);
export type SettingsEvent = z.infer<typeof SettingsEvent>;

/** Personal channels; webhooks are chosen per endpoint instead. */
export const PERSONAL_CHANNELS = ['email', 'sms', 'push'] as const;
export const PersonalChannel = z.enum(PERSONAL_CHANNELS);
export type PersonalChannel = z.infer<typeof PersonalChannel>;

/** Every kind the delivery core knows; issue 13's admin alerts use the same kinds. */
/** `alert_webhook` (a Slack-compatible URL) and `alert_email` carry operator alerts (lib/alerts). */
/** `account_email`: mail about the account itself (lib/auth/account-mail.ts), never optional. */
export type ChannelKind = PersonalChannel | 'webhook' | 'alert_webhook' | 'alert_email' | 'account_email';

export const EventChannels = z.partialRecord(SettingsEvent, z.array(PersonalChannel).max(3)).transform((r) => {
  const out: Partial<Record<SettingsEvent, PersonalChannel[]>> = {};
  for (const e of SETTINGS_EVENTS) if (r[e]) out[e] = [...new Set(r[e])];
  return out;
});
export type EventChannels = Record<SettingsEvent, PersonalChannel[]>;

export const PutSettingsBody = z.object({ events: EventChannels }).strict();
export type PutSettingsBody = z.infer<typeof PutSettingsBody>;

export interface ChannelState {
  /** Configured on this server (SMTP_URL, SMS_*, push keys). */
  available: boolean;
}

export interface NotificationSettingsView {
  events: EventChannels;
  /** Whether `events` is the defaults (the user never saved settings). */
  defaults: boolean;
  channels: Record<PersonalChannel, ChannelState & { address?: string | null }>;
}

const MAX_URL = 2048;

export const CreateWebhookBody = z
  .object({
    url: z
      .string()
      .max(MAX_URL)
      .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL'),
    events: z.array(WebhookEvent).min(1).max(WEBHOOK_EVENTS.length),
  })
  .strict();
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

export interface WebhookInfo {
  id: string;
  url: string;
  events: WebhookEvent[];
  created_at: string;
  consecutive_failures: number;
  disabled_at: string | null;
  /** Why it was disabled, in words a user can act on. */
  disabled_reason: string | null;
}

export interface DeliveryInfo {
  id: string;
  channel: ChannelKind;
  event: string;
  /** The e-mail address, phone, or webhook URL (secrets never). */
  target: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  max_attempts: number;
  last_response: string | null;
  created_at: string;
  updated_at: string;
  next_attempt_at: string | null;
}

/** The pg-boss job of one delivery attempt (re-parsed at the handler). */
export const DeliverPayload = z.object({ delivery_id: z.uuid(), attempt: z.number().int().min(1) }).strict();
export type DeliverPayload = z.infer<typeof DeliverPayload>;

/** A phone number for SMS, in E.164 (spaces, dashes, dots and brackets dropped). */
export const PHONE_PATTERN = /^\+[1-9]\d{6,14}$/;
export const PhoneBody = z
  .object({
    phone: z
      .string()
      .max(40)
      .transform((p) => p.replace(/[\s\-().]/g, '')),
  })
  .strict()
  .refine((b) => PHONE_PATTERN.test(b.phone), {
    message: 'use the international format, e.g. +8613800138000',
    path: ['phone'],
  });
export const VerifyBody = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') }).strict();

const base64url = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'base64url');

/** The browser's PushSubscription.toJSON(), as POST /api/notifications/push/subscriptions takes it. */
export const PushSubscriptionBody = z.object({
  endpoint: z
    .string()
    .max(MAX_URL)
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL'),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({ p256dh: base64url, auth: base64url }),
});
export type PushSubscriptionBody = z.infer<typeof PushSubscriptionBody>;

export const DeletePushSubscriptionBody = z.object({ endpoint: z.string().min(1).max(MAX_URL) }).strict();

export interface PushSubscriptionInfo {
  id: string;
  /** The push service (its origin only: the full endpoint is a capability). */
  service: string;
  created_at: string;
}
