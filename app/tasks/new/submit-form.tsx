'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { submitScriptGenerationTask } from '@/lib/client';
import { dictionaries, type Locale } from '@/lib/i18n/messages';

export function SubmitForm({ locale, maxChars }: { locale: Locale; maxChars: number }) {
  const t = dictionaries[locale].submit;
  const router = useRouter();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = [...text].length;

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const title = String(form.get('title') ?? '').trim();
    const episodes = Number(form.get('episodes') || 0);
    setBusy(true);
    setError(null);
    try {
      const task = await submitScriptGenerationTask(text, {
        ...(title ? { title } : {}),
        ...(episodes > 0 ? { episodes } : {}),
      });
      router.push(`/tasks/${task.task_id}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
      <label className="block">
        <span className="text-sm text-slate-700">{t.titleLabel}</span>
        <input name="title" maxLength={200} className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
      </label>
      <label className="block">
        <span className="text-sm text-slate-700">{t.contentLabel}</span>
        <textarea
          name="novel_content"
          required
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t.contentPlaceholder}
          rows={14}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2 font-mono text-sm"
        />
        <span className={`text-xs ${count > maxChars ? 'text-red-700' : 'text-slate-500'}`}>
          {t.chars(count, maxChars)}
        </span>
      </label>
      <label className="block w-40">
        <span className="text-sm text-slate-700">{t.episodes}</span>
        <input
          name="episodes"
          type="number"
          min={1}
          max={100}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2"
        />
      </label>
      {error && (
        <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy || count === 0 || count > maxChars}
        className="rounded bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {busy ? t.submitting : t.submitButton}
      </button>
    </form>
  );
}
