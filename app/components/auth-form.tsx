'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { dictionaries, type Locale } from '@/lib/i18n/messages';

export function AuthForm({ mode, locale }: { mode: 'signin' | 'signup'; locale: Locale }) {
  const t = dictionaries[locale].auth;
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    setError(null);
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
      }
      const result = await signIn('credentials', { email, password, redirect: false });
      if (!result || result.error) {
        setError(t.invalid);
        return;
      }
      router.push('/tasks');
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="mx-auto max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <h1 className="mb-4 text-xl font-bold">{mode === 'signin' ? t.signInTitle : t.signUpTitle}</h1>
      <form onSubmit={onSubmit} className="space-y-4">
        <label className="block">
          <span className="text-sm text-slate-700">{t.email}</span>
          <input
            name="email"
            type="email"
            required
            autoComplete="email"
            className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
          />
        </label>
        {mode === 'signup' && (
          <label className="block">
            <span className="text-sm text-slate-700">{t.name}</span>
            <input
              name="name"
              type="text"
              autoComplete="nickname"
              className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
            />
          </label>
        )}
        <label className="block">
          <span className="text-sm text-slate-700">{t.password}</span>
          <input
            name="password"
            type="password"
            required
            minLength={mode === 'signup' ? 8 : 1}
            autoComplete={mode === 'signup' ? 'new-password' : 'current-password'}
            className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
          />
          {mode === 'signup' && <span className="text-xs text-slate-500">{t.passwordHint}</span>}
        </label>
        {error && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        )}
        <button
          type="submit"
          disabled={busy}
          className="w-full rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
        >
          {mode === 'signin' ? t.signInButton : t.signUpButton}
        </button>
      </form>
      <p className="mt-4 text-sm text-slate-600">
        {mode === 'signin' ? t.noAccount : t.haveAccount}{' '}
        <Link href={mode === 'signin' ? '/signup' : '/signin'} className="text-indigo-700 hover:underline">
          {mode === 'signin' ? dictionaries[locale].nav.signUp : dictionaries[locale].nav.signIn}
        </Link>
      </p>
    </div>
  );
}
