'use client';
// The rule overrides saved on this page, as JSON (over the defaults and ALERT_RULES): PUT
// /api/admin/alerts/rules, which names a bad rule, key or type.
import { useState } from 'react';
import { btnPrimary, input } from '../../components/styles';

export function RulesForm(props: { initial: string; labels: { save: string; saved: string } }) {
  const [text, setText] = useState(props.initial);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  async function save(e: React.FormEvent) {
    e.preventDefault();
    let body: unknown;
    try {
      body = JSON.parse(text || '{}');
    } catch (err) {
      setStatus({ ok: false, text: (err as Error).message });
      return;
    }
    const res = await fetch('/api/admin/alerts/rules', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
    setStatus(
      res.ok
        ? { ok: true, text: props.labels.saved }
        : { ok: false, text: answer?.error?.message ?? `HTTP ${res.status}` },
    );
  }
  return (
    <form onSubmit={save} className="space-y-2">
      <textarea
        aria-label="ALERT_RULES"
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={4}
        spellCheck={false}
        className={`${input} font-mono text-xs`}
        data-testid="rules-json"
      />
      <div className="flex items-center gap-3">
        <button type="submit" className={btnPrimary}>
          {props.labels.save}
        </button>
        {status && (
          <p role="status" className={`text-sm ${status.ok ? 'text-muted' : 'text-danger'}`}>
            {status.text}
          </p>
        )}
      </div>
    </form>
  );
}
