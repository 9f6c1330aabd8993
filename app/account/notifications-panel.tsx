'use client';
// Which channel tells the user about which event: a checkbox per event and channel, saved with
// PUT /api/notifications/settings. Channels this server cannot send on are shown, switched off.
import { useState } from 'react';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import {
  type EventChannels,
  type NotificationSettingsView,
  PERSONAL_CHANNELS,
  type PersonalChannel,
  SETTINGS_EVENTS,
} from '@/lib/notify/schema';
import { SectionHeading } from '../components/section-heading';
import { btnPrimary, cardPad } from '../components/styles';
import { PhoneForm } from './phone-form';
import { PushButton } from './push-button';

export function NotificationsPanel({
  initial,
  phone,
  locale,
}: {
  initial: NotificationSettingsView;
  phone: { phone: string | null; verified: boolean };
  locale: Locale;
}) {
  const n = dictionaries[locale].notify;
  const [events, setEvents] = useState<EventChannels>(initial.events);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<string | null>(null);

  function toggle(event: keyof EventChannels, channel: PersonalChannel, on: boolean) {
    setState('idle');
    setEvents((e) => ({
      ...e,
      [event]: on ? [...e[event], channel] : e[event].filter((c) => c !== channel),
    }));
  }

  async function save() {
    setState('saving');
    setError(null);
    const res = await fetch('/api/notifications/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? `HTTP ${res.status}`);
      setState('idle');
      return;
    }
    setState('saved');
  }

  return (
    <section className={`${cardPad} space-y-3`} aria-labelledby="notify-title">
      <SectionHeading
        id="notify-title"
        title={n.title}
        hint={`${n.hint} ${initial.defaults && state === 'idle' ? n.defaults : ''}`}
      />
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="notify-settings">
          <thead>
            <tr className="text-faint text-left text-xs">
              <th className="py-1 pr-3 font-medium">{n.events}</th>
              {PERSONAL_CHANNELS.map((c) => (
                <th key={c} className="px-2 py-1 font-medium">
                  {n.channel[c]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {SETTINGS_EVENTS.map((e) => (
              <tr key={e} className="border-line border-t">
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  {n.event[e]}
                </th>
                {PERSONAL_CHANNELS.map((c) => {
                  const available = initial.channels[c].available;
                  return (
                    <td key={c} className="px-2 py-2">
                      <input
                        type="checkbox"
                        className="accent-accent size-4"
                        aria-label={`${n.event[e]} · ${n.channel[c]}`}
                        title={available ? undefined : n.unavailable}
                        disabled={!available}
                        checked={events[e].includes(c)}
                        onChange={(ev) => toggle(e, c, ev.currentTarget.checked)}
                      />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-faint text-xs">
        {PERSONAL_CHANNELS.filter((c) => !initial.channels[c].available)
          .map((c) => `${n.channel[c]}: ${n.unavailable}`)
          .join(' · ')}
      </p>
      {initial.channels.sms.available && <PhoneForm initial={phone} locale={locale} />}
      {initial.channels.push.available && <PushButton locale={locale} />}
      <div className="flex items-center gap-3">
        <button type="button" className={btnPrimary} onClick={save} disabled={state === 'saving'}>
          {n.save}
        </button>
        {state === 'saved' && (
          <span role="status" className="text-muted text-sm">
            {n.saved}
          </span>
        )}
        {error && (
          <span role="alert" className="text-danger text-sm">
            {error}
          </span>
        )}
      </div>
    </section>
  );
}
