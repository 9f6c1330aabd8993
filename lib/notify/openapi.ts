// Notification settings, the delivery log, webhooks and the SMS phone number in the OpenAPI
// document (recipe: docs/decisions/0110-openapi-document.md).
import { z } from 'zod';
import { AUTHENTICATED, errors, json, type Paths } from '../openapi/common';
import {
  CreateWebhookBody,
  DeletePushSubscriptionBody,
  PERSONAL_CHANNELS,
  PhoneBody,
  PushSubscriptionBody,
  PutSettingsBody,
  SETTINGS_EVENTS,
  VerifyBody,
  WEBHOOK_EVENTS,
} from './schema';

const Channels = z.array(z.enum(PERSONAL_CHANNELS));
const Settings = z
  .object({
    events: z.object(Object.fromEntries(SETTINGS_EVENTS.map((e) => [e, Channels])) as Record<string, typeof Channels>),
    defaults: z.boolean().meta({ description: 'True while the user never saved settings' }),
    channels: z.object(
      Object.fromEntries(
        PERSONAL_CHANNELS.map((c) => [
          c,
          z.object({ available: z.boolean(), address: z.string().nullable().optional() }),
        ]),
      ) as Record<string, z.ZodObject>,
    ),
  })
  .meta({ id: 'NotificationSettings' });

const Webhook = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    created_at: z.string(),
    consecutive_failures: z.number().int(),
    disabled_at: z.string().nullable(),
    disabled_reason: z.string().nullable().meta({ description: 'Why it was disabled, in words a user can act on' }),
  })
  .meta({ id: 'Webhook' });
const NewWebhook = Webhook.extend({
  secret: z.string().meta({ description: 'The whsec_… signing secret, shown only in this answer' }),
}).meta({ id: 'NewWebhook' });

const Delivery = z
  .object({
    id: z.string().meta({ description: 'Stable across retries; the webhook-id header of a webhook' }),
    channel: z.enum(['email', 'sms', 'push', 'webhook']),
    event: z.string(),
    target: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    max_attempts: z.number().int(),
    last_response: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    next_attempt_at: z.string().nullable(),
  })
  .meta({ id: 'Delivery' });

const PushKey = z
  .object({
    available: z.boolean(),
    public_key: z.string().nullable().meta({ description: 'The VAPID public key (applicationServerKey), base64url' }),
  })
  .meta({ id: 'PushKey' });
const PushSubscriptionInfo = z
  .object({
    id: z.string(),
    service: z.string().meta({ description: 'Origin of the push service (the endpoint itself is never shown)' }),
    created_at: z.string(),
  })
  .meta({ id: 'PushSubscription' });

const Phone = z.object({ phone: z.string().nullable(), verified: z.boolean() }).meta({ id: 'Phone' });
const idParam = { path: z.object({ id: z.string().meta({ description: 'The webhook id (a UUID)' }) }) };
const tags = ['notifications'];
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema } } });

export const notifyPaths: Paths = {
  '/api/notifications/settings': {
    get: {
      operationId: 'getNotificationSettings',
      summary: 'The channels each event uses, and which channels this server offers',
      tags,
      security: AUTHENTICATED,
      responses: { '200': json(Settings, 'The settings in force'), ...errors(401) },
    },
    put: {
      operationId: 'putNotificationSettings',
      summary: 'Choose the channels per event',
      description:
        'A channel the server cannot send on (422 channel_unavailable) or SMS without a verified number (422 phone_unverified) writes nothing.',
      tags,
      security: AUTHENTICATED,
      requestBody: body(PutSettingsBody),
      responses: { '200': json(Settings, 'The saved settings'), ...errors(400, 401, 413, 415, 422) },
    },
  },
  '/api/notifications/deliveries': {
    get: {
      operationId: 'listDeliveries',
      summary: 'The delivery log: the last 50 notifications, newest first',
      tags,
      security: AUTHENTICATED,
      responses: {
        '200': json(z.object({ deliveries: z.array(Delivery) }), 'The log'),
        ...errors(401),
      },
    },
  },
  '/api/notifications/phone': {
    get: {
      operationId: 'getPhone',
      summary: 'The phone number for SMS and whether it is verified',
      tags,
      security: AUTHENTICATED,
      responses: { '200': json(Phone, 'The number'), ...errors(401) },
    },
    post: {
      operationId: 'setPhone',
      summary: 'Set the number (E.164) and send it a one-time code',
      description: 'At most one code a minute and five an hour (429 with Retry-After); 502 when the provider refused.',
      tags,
      security: AUTHENTICATED,
      requestBody: body(PhoneBody),
      responses: {
        '202': json(Phone.extend({ code_sent: z.literal(true) }), 'The code was sent'),
        ...errors(400, 401, 413, 415, 422, 429, 502),
      },
    },
    delete: {
      operationId: 'deletePhone',
      summary: 'Forget the number',
      tags,
      security: AUTHENTICATED,
      responses: { '204': { description: 'Forgotten' }, ...errors(401) },
    },
  },
  '/api/notifications/phone/verify': {
    post: {
      operationId: 'verifyPhone',
      summary: 'Enter the one-time code',
      tags,
      security: AUTHENTICATED,
      requestBody: body(VerifyBody),
      responses: {
        '200': json(Phone, 'Verified'),
        ...errors(400, 401, 413, 415, 422),
      },
    },
  },
  '/api/notifications/push/key': {
    get: {
      operationId: 'getPushKey',
      summary: "The server's VAPID public key for PushManager.subscribe (null when push is unavailable)",
      tags,
      security: AUTHENTICATED,
      responses: { '200': json(PushKey, 'The key'), ...errors(401) },
    },
  },
  '/api/notifications/push/subscriptions': {
    post: {
      operationId: 'subscribePush',
      summary: "Save this browser's PushSubscription (its toJSON()); the same endpoint again updates its keys",
      description: 'Push not configured on the server → 422 channel_unavailable; more than 20 browsers → 409.',
      tags,
      security: AUTHENTICATED,
      requestBody: body(PushSubscriptionBody),
      responses: {
        '201': json(PushSubscriptionInfo, 'Subscribed'),
        ...errors(400, 401, 409, 413, 415, 422),
      },
    },
    delete: {
      operationId: 'unsubscribePush',
      summary: "Remove this user's subscription with that endpoint (204 also when there was none)",
      tags,
      security: AUTHENTICATED,
      requestBody: body(DeletePushSubscriptionBody),
      responses: { '204': { description: 'Removed' }, ...errors(400, 401, 413, 415, 422) },
    },
  },
  '/api/webhooks': {
    post: {
      operationId: 'createWebhook',
      summary: 'Register a webhook endpoint; the signing secret is shown once',
      description: 'Loopback, private, link-local and metadata addresses are refused (422 unsafe_url).',
      tags,
      security: AUTHENTICATED,
      requestBody: body(CreateWebhookBody),
      responses: { '201': json(NewWebhook, 'The endpoint and its secret'), ...errors(400, 401, 409, 413, 415, 422) },
    },
    get: {
      operationId: 'listWebhooks',
      summary: 'The endpoints, with why any was disabled (never the secrets)',
      tags,
      security: AUTHENTICATED,
      responses: { '200': json(z.object({ webhooks: z.array(Webhook) }), 'The endpoints'), ...errors(401) },
    },
  },
  '/api/webhooks/{id}': {
    delete: {
      operationId: 'deleteWebhook',
      summary: 'Delete an endpoint',
      tags,
      security: AUTHENTICATED,
      requestParams: idParam,
      responses: { '204': { description: 'Deleted' }, ...errors(401, 404) },
    },
  },
  '/api/webhooks/{id}/test': {
    post: {
      operationId: 'testWebhook',
      summary: 'Queue a signed webhook.test event (also to a disabled endpoint: a success enables it again)',
      tags,
      security: AUTHENTICATED,
      requestParams: idParam,
      responses: {
        '202': json(z.object({ delivery_id: z.string() }), 'Queued'),
        ...errors(401, 404),
      },
    },
  },
};
