'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import type { ProviderInfo } from '@/lib/auth/providers';
import { dictionaries, type Locale, type Messages } from '@/lib/i18n/dictionaries';
import { CheckEmail } from './check-email';
import { ResendVerification } from './resend-verification';
import { btnPrimary, btnSecondary, cardPad, input, label, link } from './styles';

/** A next-auth error code (signIn() result or the page's ?error=) in the reader's language. */
export function authErrorMessage(t: Messages['auth'], code: string): string {
  const limited = /^too_many_attempts:(\d+)$/.exec(code);
  if (limited) return t.tooManyAttempts(Math.max(1, Math.ceil(Number(limited[1]) / 60)));
  if (code === 'CredentialsSignin') return t.invalid;
  if (code === 'signup_closed') return t.signupClosed;
  if (code === 'email_unverified') return t.emailUnverified;
  if (code === 'account_unverified') return t.accountUnverified;
  if (code === 'email_not_verified') return t.emailNotVerified;
  return t.externalFailed;
}

export function AuthForm({
  mode,
  locale,
  providers = [],
  initialError = null,
  verifyByEmail = false,
}: {
  mode: 'signin' | 'signup';
  locale: Locale;
  /** External sign-ins (GitHub, OIDC) to offer as buttons. */
  providers?: ProviderInfo[];
  /** ?error= of the sign-in page, after a refused or failed external sign-in. */
  initialError?: string | null;
  /** Sign-up mails a verification link (SMTP configured): the form does not sign in after it. */
  verifyByEmail?: boolean;
}) {
  const t = dictionaries[locale].auth;
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ? authErrorMessage(t, initialError) : null);
  const [busy, setBusy] = useState(false);
  /** Sign-up mailed a link to this address: show "check your e-mail". */
  const [sentTo, setSentTo] = useState<string | null>(null);
  /** The password was right but the address is not verified: offer to send the link again. */
  const [unverified, setUnverified] = useState(initialError === 'email_not_verified');
  /** The e-mail field's value: "send the link again" sends to it, so there is one address field. */
  const [typedEmail, setTypedEmail] = useState('');

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setUnverified(false);
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    try {
      if (mode === 'signup') {
        const name = String(form.get('name') ?? '').trim();
        const res = await fetch('/api/users', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, password, ...(name ? { name } : {}) }),
        });
        if (!res.ok) {
          const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
          setError(body?.error?.message ?? `HTTP ${res.status}`);
          return;
        }
        const body = (await res.json().catch(() => null)) as { verification?: string } | null;
        if (body?.verification === 'email_sent') {
          setSentTo(email);
          return;
        }
      }
      const result = await signIn('credentials', { email, password, redirect: false });
      if (!result || result.error) {
        setError(result?.error ? authErrorMessage(t, result.error) : t.invalid);
        if (result?.error === 'email_not_verified') setUnverified(true);
        return;
      }
      router.push('/tasks');
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  if (sentTo) return <CheckEmail locale={locale} email={sentTo} />;

  return (
    <div className={`${cardPad} mx-auto max-w-sm`}>
      <h1 className="mb-4 text-xl font-bold">{mode === 'signin' ? t.signInTitle : t.signUpTitle}</h1>
      <form onSubmit={onSubmit} className="space-y-4">
        <label className={label}>
          {t.email}
          <input
            name="email"
            type="email"
            required
            autoComplete="email"
            className={input}
            value={typedEmail}
            onChange={(e) => setTypedEmail(e.target.value)}
          />
        </label>
        {mode === 'signup' && (
          <label className={label}>
            {t.name}
            <input name="name" type="text" autoComplete="nickname" className={input} />
          </label>
        )}
        <label className={label}>
          {t.password}
          <input
            name="password"
            type="password"
            required
            minLength={mode === 'signup' ? 8 : 1}
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
            className={input}
            aria-describedby={mode === 'signup' ? 'password-hint' : undefined}
          />
          {mode === 'signup' && (
            <span id="password-hint" className="text-faint mt-1 block text-xs font-normal">
              {t.passwordHint}
            </span>
          )}
        </label>
        {error && (
          <p role="alert" className="bg-danger-soft text-danger rounded-md px-3 py-2 text-sm">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} className={`${btnPrimary} w-full`}>
          {mode === 'signin' ? t.signInButton : verifyByEmail ? t.signUpOnlyButton : t.signUpButton}
        </button>
      </form>
      {unverified && <ResendVerification locale={locale} email={typedEmail} />}
      {mode === 'signin' && providers.length > 0 && (
        <div className="mt-4 space-y-2">
          <p className="text-muted text-center text-sm">{t.orContinueWith}</p>
          {providers.map((p) => (
            <button
              key={p.id}
              type="button"
              disabled={busy}
              onClick={() => signIn(p.id, { callbackUrl: '/tasks' })}
              className={`${btnSecondary} w-full`}
            >
              {t.signInWith(p.name)}
            </button>
          ))}
        </div>
      )}
      <p className="text-muted mt-4 text-sm">
        {mode === 'signin' ? t.noAccount : t.haveAccount}{' '}
        <Link href={mode === 'signin' ? '/signup' : '/signin'} className={link}>
          {mode === 'signin' ? dictionaries[locale].nav.signUp : dictionaries[locale].nav.signIn}
        </Link>
      </p>
    </div>
  );
}
