'use client';
// Browser notifications for a watched task: permission is asked once, on a click, never on load.
import { useEffect, useState } from 'react';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { btnSecondary } from '../../components/styles';

const ASKED = 'shortplay:notify-asked';

export function notifyFinished(title: string, body: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return; // they are looking already
  new Notification(title, { body, tag: title });
}

export function NotifyToggle({ locale }: { locale: Locale }) {
  const t = dictionaries[locale].task;
  const [state, setState] = useState<NotificationPermission | 'unsupported' | 'asked' | null>(null);
  useEffect(() => {
    if (typeof Notification === 'undefined') setState('unsupported');
    else if (Notification.permission === 'default' && localStorage.getItem(ASKED)) setState('asked');
    else setState(Notification.permission);
  }, []);
  if (state === 'granted') return <span className="text-faint text-xs">{t.notifyOn}</span>;
  if (state === 'denied') return <span className="text-faint text-xs">{t.notifyDenied}</span>;
  if (state !== 'default') return null;
  return (
    <button
      type="button"
      className={`${btnSecondary} text-xs`}
      onClick={async () => {
        localStorage.setItem(ASKED, '1');
        setState(await Notification.requestPermission());
      }}
    >
      {t.notify}
    </button>
  );
}
