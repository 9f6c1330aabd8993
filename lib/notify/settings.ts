// Which personal channels each event uses, per user. A user who never saved settings gets the
// defaults: e-mail on completed and failed when SMTP is configured, nothing otherwise.
import { getUser } from '../auth/users';
import { getDb } from '../db/client';
import { env } from '../env';
import { unprocessable } from '../errors';
import { channelAvailable } from './channels/available';
import { getPhone } from './phone';
import {
  type EventChannels,
  type NotificationSettingsView,
  PERSONAL_CHANNELS,
  type PersonalChannel,
  type PutSettingsBody,
  SETTINGS_EVENTS,
} from './schema';

export function defaultEvents(): EventChannels {
  const email: PersonalChannel[] = env.SMTP_URL ? ['email'] : [];
  return { 'task.completed': [...email], 'task.failed': [...email] };
}

function normalize(stored: unknown): EventChannels {
  const out = { 'task.completed': [], 'task.failed': [] } as EventChannels;
  const obj = (stored ?? {}) as Record<string, unknown>;
  for (const e of SETTINGS_EVENTS) {
    const list = Array.isArray(obj[e]) ? (obj[e] as unknown[]) : [];
    out[e] = PERSONAL_CHANNELS.filter((c) => list.includes(c));
  }
  return out;
}

/** The channels in force for a user (the defaults when they never saved any). */
export async function eventChannels(userId: string): Promise<{ events: EventChannels; defaults: boolean }> {
  const row = await getDb().notificationSettings.findUnique({ where: { userId }, select: { events: true } });
  return row ? { events: normalize(row.events), defaults: false } : { events: defaultEvents(), defaults: true };
}

export async function getSettings(userId: string): Promise<NotificationSettingsView> {
  const [{ events, defaults }, user, phone] = await Promise.all([
    eventChannels(userId),
    getUser(userId),
    getPhone(userId),
  ]);
  return {
    events,
    defaults,
    channels: {
      email: { available: channelAvailable('email'), address: user?.email ?? null },
      sms: { available: channelAvailable('sms'), address: phone.verified ? phone.phone : null },
      push: { available: channelAvailable('push') },
    },
  };
}

/** Replaces the user's choices; a channel this server cannot send on is a 422, and nothing is written. */
export async function putSettings(userId: string, body: PutSettingsBody): Promise<NotificationSettingsView> {
  const events = normalize(body.events);
  for (const e of SETTINGS_EVENTS) {
    for (const c of events[e]) {
      if (!channelAvailable(c)) {
        throw unprocessable('channel_unavailable', `The ${c} channel is not configured on this server.`, `events.${e}`);
      }
    }
  }
  const wantsSms = SETTINGS_EVENTS.find((e) => events[e].includes('sms'));
  if (wantsSms && !(await getPhone(userId)).verified) {
    throw unprocessable('phone_unverified', 'Verify a phone number before choosing SMS.', `events.${wantsSms}`);
  }
  await getDb().notificationSettings.upsert({
    where: { userId },
    create: { userId, events },
    update: { events, updatedAt: new Date() },
  });
  return getSettings(userId);
}
