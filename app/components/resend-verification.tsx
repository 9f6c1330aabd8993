'use client';
import { useState } from 'react';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { btnSecondary, input, label } from './styles';

/**
 * "Send the link again": POST /api/users/verification. The answer is the same for any address, so
 * it says what happens if the address has an account waiting; a 429 shows the server's reason.
 */
export function ResendVerification({ locale, email }: { locale: Locale; email?: string }) {
  const t = dictionaries[locale].auth;
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setStatus(null);
    const address = email ?? String(new FormData(e.currentTarget).get('email') ?? '');
    try {
      const res = await fetch('/api/users/verification', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: address }),
      });
      if (res.ok) setStatus({ ok: true, text: t.resendSent });
      else {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setStatus({ ok: false, text: body?.error?.message ?? t.resendFailed });
      }
    } catch {
      setStatus({ ok: false, text: t.resendFailed });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-3" data-testid="resend-verification">
      {email === undefined && (
        <label className={label}>
          {t.email}
          <input name="email" type="email" required autoComplete="email" className={input} />
        </label>
      )}
      <button type="submit" disabled={busy} className={`${btnSecondary} w-full`}>
        {t.resendLink}
      </button>
      {status && (
        <p
          role={status.ok ? 'status' : 'alert'}
          className={`rounded-md px-3 py-2 text-sm ${status.ok ? 'bg-sunken text-muted' : 'bg-danger-soft text-danger'}`}
        >
          {status.text}
        </p>
      )}
    </form>
  );
}
