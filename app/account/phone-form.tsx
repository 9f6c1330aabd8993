'use client';
// The phone number for SMS: enter it, receive a one-time code, enter the code.
import { useState } from 'react';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { btnSecondary, input } from '../components/styles';

export function PhoneForm({
  initial,
  locale,
}: {
  initial: { phone: string | null; verified: boolean };
  locale: Locale;
}) {
  const n = dictionaries[locale].notify;
  const [phone, setPhone] = useState(initial);
  const [codeSent, setCodeSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function call(path: string, body: unknown) {
    setError(null);
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as
      | { phone: string | null; verified: boolean }
      | { error?: { message?: string } }
      | null;
    if (!res.ok || !json || !('verified' in json)) {
      setError((json && 'error' in json && json.error?.message) || `HTTP ${res.status}`);
      return null;
    }
    setPhone({ phone: json.phone, verified: json.verified });
    return json;
  }

  return (
    <div className="space-y-2 text-sm" data-testid="phone-form">
      <p className="text-muted">
        {n.phone}:{' '}
        {phone.phone ? `${phone.phone} · ${phone.verified ? n.phoneVerified : n.phoneUnverified}` : n.phoneNone}
      </p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={async (e) => {
          e.preventDefault();
          const value = String(new FormData(e.currentTarget).get('phone') ?? '');
          if (await call('/api/notifications/phone', { phone: value })) setCodeSent(true);
        }}
      >
        <label className="text-muted min-w-0 flex-1 basis-48">
          {n.phoneLabel}
          <input name="phone" type="tel" required placeholder="+8613800138000" className={input} />
        </label>
        <button type="submit" className={btnSecondary}>
          {n.sendCode}
        </button>
      </form>
      {codeSent && !phone.verified && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const code = String(new FormData(e.currentTarget).get('code') ?? '');
            if (await call('/api/notifications/phone/verify', { code })) setCodeSent(false);
          }}
        >
          <label className="text-muted min-w-0 flex-1 basis-32">
            {n.codeLabel}
            <input name="code" inputMode="numeric" pattern="\d{6}" required className={input} />
          </label>
          <button type="submit" className={btnSecondary}>
            {n.verify}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-danger">
          {error}
        </p>
      )}
    </div>
  );
}
