'use client';
// Webhook endpoints: add one (its signing secret is shown once), see why one was disabled, send a
// test event, delete. Talks to /api/webhooks with the session cookie.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { WEBHOOK_EVENTS, type WebhookInfo } from '@/lib/notify/schema';
import { ConfirmButton } from '../components/confirm-button';
import { SecretOnce } from '../components/secret-once';
import { SectionHeading } from '../components/section-heading';
import { btnDanger, btnPrimary, btnSecondary, cardPad, input } from '../components/styles';

type Created = WebhookInfo & { secret: string };

export function WebhooksPanel({ initial, locale }: { initial: WebhookInfo[]; locale: Locale }) {
  const t = dictionaries[locale];
  const n = t.notify;
  const router = useRouter();
  const [hooks, setHooks] = useState(initial);
  const [secret, setSecret] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function create(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    setError(null);
    setNote(null);
    const res = await fetch('/api/webhooks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: String(data.get('url') ?? '').trim(), events: data.getAll('events') }),
    });
    const body = (await res.json().catch(() => null)) as Created | { error?: { message?: string } } | null;
    if (!res.ok || !body || !('secret' in body)) {
      setError((body && 'error' in body && body.error?.message) || `HTTP ${res.status}`);
      return;
    }
    const { secret: s, ...info } = body;
    setSecret(s);
    setHooks((hs) => [info, ...hs]);
    form.reset();
  }

  async function sendTest(id: string) {
    setError(null);
    const res = await fetch(`/api/webhooks/${id}/test`, { method: 'POST' });
    if (!res.ok) {
      setError(`HTTP ${res.status}`);
      return;
    }
    setNote(n.testQueued);
    router.refresh(); // the delivery log below shows it
  }

  async function remove(id: string) {
    const res = await fetch(`/api/webhooks/${id}`, { method: 'DELETE' });
    if (!res.ok) {
      setError(`HTTP ${res.status}`);
      return;
    }
    setHooks((hs) => hs.filter((h) => h.id !== id));
  }

  return (
    <section className={`${cardPad} space-y-4`} aria-labelledby="webhooks-title">
      <SectionHeading id="webhooks-title" title={n.webhooks} hint={n.webhooksHint} />
      <form onSubmit={create} className="space-y-2">
        <label className="text-muted block text-sm">
          {n.url}
          <input
            name="url"
            type="url"
            required
            maxLength={2048}
            placeholder="https://example.com/hooks/shortplay"
            className={input}
          />
        </label>
        <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
          <legend className="text-muted mb-1 text-sm">{n.events}</legend>
          {WEBHOOK_EVENTS.map((e) => (
            <label key={e} className="inline-flex items-center gap-1.5">
              <input
                type="checkbox"
                name="events"
                value={e}
                defaultChecked={e !== 'task.cancelled'}
                className="size-4"
              />
              {n.event[e]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className={btnPrimary}>
          {n.add}
        </button>
      </form>
      {secret && (
        <SecretOnce
          intro={n.secretOnce}
          secret={secret}
          testId="webhook-secret"
          copy={t.task.copy}
          copied={t.task.copied}
        />
      )}
      {note && (
        <p role="status" className="text-muted text-sm">
          {note}
        </p>
      )}
      {error && (
        <p role="alert" className="text-danger text-sm">
          {error}
        </p>
      )}
      {hooks.length === 0 ? (
        <p className="text-faint text-sm">{n.noWebhooks}</p>
      ) : (
        <ul className="divide-line border-line divide-y rounded-md border" data-testid="webhooks">
          {hooks.map((h) => (
            <li key={h.id} className="space-y-1 px-3 py-2 text-sm" data-testid="webhook-row">
              <div className="flex flex-wrap items-center gap-2">
                <code className="min-w-0 flex-1 font-mono text-xs break-all">{h.url}</code>
                <button type="button" className={`${btnSecondary} text-xs`} onClick={() => sendTest(h.id)}>
                  {n.sendTest}
                </button>
                <ConfirmButton
                  label={n.delete}
                  question={n.deleteConfirm}
                  yes={t.task.confirmYes}
                  no={t.task.confirmNo}
                  className={`${btnDanger} text-xs`}
                  onConfirm={() => remove(h.id)}
                />
              </div>
              <p className="text-faint text-xs">
                {h.events.map((e) => n.event[e]).join(' · ')}
                {h.consecutive_failures > 0 && ` · ${n.failures(h.consecutive_failures)}`}
              </p>
              {h.disabled_at && (
                <p className="text-danger text-xs break-words" data-testid="webhook-disabled">
                  {n.disabled}: {h.disabled_reason}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
