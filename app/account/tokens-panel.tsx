'use client';
// API tokens: create one (its secret is shown once, with a copy button), see when each was last
// used, revoke with confirmation. Talks to /api/tokens with the session cookie.
import { useState } from 'react';
import type { TokenInfo } from '@/lib/auth/tokens';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { formatDateTime } from '@/lib/i18n/format';
import { ConfirmButton } from '../components/confirm-button';
import { SecretOnce } from '../components/secret-once';
import { btnDanger, btnPrimary, cardPad, input, sectionTitle } from '../components/styles';

export function TokensPanel({ initial, locale, timeZone }: { initial: TokenInfo[]; locale: Locale; timeZone: string }) {
  const t = dictionaries[locale];
  const a = t.account;
  const [tokens, setTokens] = useState(initial);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const name = String(new FormData(form).get('name') ?? '').trim();
    setError(null);
    const res = await fetch('/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    const body = (await res.json().catch(() => null)) as
      | (TokenInfo & { token: string })
      | { error?: { message?: string } };
    if (!res.ok || !('token' in body)) {
      setError(('error' in body && body.error?.message) || `HTTP ${res.status}`);
      return;
    }
    const { token, ...info } = body;
    setSecret(token);
    setTokens((ts) => [info, ...ts]);
    form.reset();
  }

  async function revoke(id: string) {
    const res = await fetch(`/api/tokens/${id}`, { method: 'DELETE' });
    if (!res.ok) {
      setError(`HTTP ${res.status}`);
      return;
    }
    setTokens((ts) => ts.map((tk) => (tk.id === id ? { ...tk, revoked_at: new Date().toISOString() } : tk)));
  }

  return (
    <section className={`${cardPad} space-y-4`} aria-labelledby="tokens-title">
      <div>
        <h2 id="tokens-title" className={sectionTitle}>
          {a.tokens}
        </h2>
        <p className="text-muted mt-1 text-sm">{a.tokensHint}</p>
      </div>
      <form onSubmit={create} className="flex flex-wrap items-end gap-2">
        <label className="text-muted min-w-0 flex-1 basis-48 text-sm">
          {a.tokenName}
          <input name="name" required maxLength={100} className={input} />
        </label>
        <button type="submit" className={btnPrimary}>
          {a.create}
        </button>
      </form>
      {secret && (
        <SecretOnce
          intro={a.createdOnce}
          secret={secret}
          testId="new-token"
          copy={t.task.copy}
          copied={t.task.copied}
        />
      )}
      {error && (
        <p role="alert" className="text-danger text-sm">
          {error}
        </p>
      )}
      {tokens.length === 0 ? (
        <p className="text-faint text-sm">{a.none}</p>
      ) : (
        <ul className="divide-line border-line divide-y rounded-md border" data-testid="tokens">
          {tokens.map((tk) => (
            <li
              key={tk.id}
              className="flex flex-wrap items-center gap-x-4 gap-y-1 px-3 py-2 text-sm"
              data-testid="token-row"
            >
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">{tk.name}</p>
                <p className="text-faint text-xs">
                  <code className="font-mono">{tk.prefix}…</code> · {a.createdAt}{' '}
                  {formatDateTime(locale, timeZone, tk.created_at)}
                  {' · '}
                  {a.lastUsed} {tk.last_used_at ? formatDateTime(locale, timeZone, tk.last_used_at) : a.never}
                </p>
              </div>
              {tk.revoked_at ? (
                <span className="text-faint text-xs">{a.revoked}</span>
              ) : (
                <ConfirmButton
                  label={a.revoke}
                  question={a.revokeConfirm}
                  yes={t.task.confirmYes}
                  no={t.task.confirmNo}
                  className={`${btnDanger} text-xs`}
                  onConfirm={() => revoke(tk.id)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
