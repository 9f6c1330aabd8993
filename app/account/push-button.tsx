'use client';
// Browser push on this device: registers /sw.js, asks for the notifications permission, subscribes
// with the server's VAPID key and sends the subscription to the API; or unsubscribes both.
import { useEffect, useState } from 'react';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { btnSecondary } from '../components/styles';

type State = 'loading' | 'unsupported' | 'off' | 'on' | 'busy';

function base64UrlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(
    s
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(s.length / 4) * 4, '='),
  );
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function errorOf(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `HTTP ${res.status}`;
}

export function PushButton({ locale }: { locale: Locale }) {
  const n = dictionaries[locale].notify;
  const [state, setState] = useState<State>('loading');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!('serviceWorker' in navigator) || !('PushManager' in window)) {
      setState('unsupported');
      return;
    }
    navigator.serviceWorker
      .register('/sw.js')
      .then((reg) => reg.pushManager.getSubscription())
      .then((sub) => setState(sub ? 'on' : 'off'))
      .catch((err: Error) => {
        setError(err.message);
        setState('off');
      });
  }, []);

  async function subscribe() {
    setError(null);
    setState('busy');
    try {
      if ((await Notification.requestPermission()) !== 'granted') {
        setError(n.pushDenied);
        setState('off');
        return;
      }
      const key = (await (await fetch('/api/notifications/push/key')).json()) as { public_key: string | null };
      if (!key.public_key) throw new Error(n.unavailable);
      const reg = await navigator.serviceWorker.register('/sw.js');
      await navigator.serviceWorker.ready;
      const sub = await reg.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: base64UrlToBytes(key.public_key),
      });
      const res = await fetch('/api/notifications/push/subscriptions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sub.toJSON()),
      });
      if (!res.ok) {
        await sub.unsubscribe();
        throw new Error(await errorOf(res));
      }
      setState('on');
    } catch (err) {
      setError((err as Error).message);
      setState('off');
    }
  }

  async function unsubscribe() {
    setError(null);
    setState('busy');
    try {
      const reg = await navigator.serviceWorker.getRegistration('/sw.js');
      const sub = await reg?.pushManager.getSubscription();
      if (sub) {
        const res = await fetch('/api/notifications/push/subscriptions', {
          method: 'DELETE',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ endpoint: sub.endpoint }),
        });
        if (!res.ok) throw new Error(await errorOf(res));
        await sub.unsubscribe();
      }
      setState('off');
    } catch (err) {
      setError((err as Error).message);
      setState('on');
    }
  }

  return (
    <div className="space-y-2 text-sm" data-testid="push-form">
      <p className="text-muted">
        {n.pushLabel}:{' '}
        <span data-testid="push-state">
          {state === 'unsupported' ? n.pushUnsupported : state === 'on' ? n.pushOn : state === 'off' ? n.pushOff : '…'}
        </span>
      </p>
      {state !== 'unsupported' && (
        <button
          type="button"
          className={btnSecondary}
          disabled={state === 'loading' || state === 'busy'}
          onClick={state === 'on' ? unsubscribe : subscribe}
        >
          {state === 'on' ? n.pushUnsubscribe : n.pushSubscribe}
        </button>
      )}
      {error && (
        <p role="alert" className="text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
