'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { submitBatch, submitScriptGenerationTask, type TaskOptions } from '@/lib/client';
import { decodeNovel } from '@/lib/client/decode';
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { formatDuration } from '@/lib/i18n/format';
import { estimateSeconds } from '@/lib/tasks/estimate';
import { countChars } from '@/lib/tasks/validate';
import { btnPrimary, btnSecondary, cardPad, input, label } from '../../components/styles';
import { type BatchFile, BatchFiles } from './batch-files';
import type { SubmitFormView } from './presenter';

let fileSeq = 0;

export function SubmitForm({ locale, view }: { locale: Locale; view: SubmitFormView }) {
  const t = dictionaries[locale].submit;
  const router = useRouter();
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  const [model, setModel] = useState(view.defaultModel);
  const [loaded, setLoaded] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Two or more files make a batch: each a task with the shared options. */
  const [files, setFiles] = useState<BatchFile[]>([]);
  const batch = files.length > 1;
  const count = batch ? files.reduce((sum, f) => sum + f.chars, 0) : countChars(text);
  const over = batch ? files.some((f) => f.chars > view.maxChars) : count > view.maxChars;
  const rate = view.rates[model] ?? 60;

  async function onFiles(list: FileList | null | undefined) {
    const picked = [...(list ?? [])];
    if (picked.length === 0) return;
    setError(null);
    try {
      const read = await Promise.all(
        picked.map(async (file) => {
          const { text: content, encoding } = decodeNovel(new Uint8Array(await file.arrayBuffer()));
          const name = file.name.replace(/(\.[A-Za-z0-9-]{1,10})+$/, '');
          return { id: ++fileSeq, name: file.name, text: content, encoding, chars: countChars(content), title: name };
        }),
      );
      const all = [...files, ...read];
      if (all.length > 1 || files.length > 0) {
        setFiles(all);
        return;
      }
      const [one] = read;
      if (!one) return;
      setText(one.text);
      setLoaded(t.loaded(one.name, one.encoding));
      if (!title) setTitle(one.title);
    } catch {
      setError(t.notText);
    }
  }

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const n = (k: string) => Number(form.get(k) || 0);
    const language = String(form.get('language') ?? '');
    const style = String(form.get('style') ?? '').trim();
    const options: TaskOptions = { model };
    if (language === 'zh' || language === 'en') options.language = language;
    if (n('episodes') > 0) options.episodes = n('episodes');
    if (n('episode_length') > 0) options.episode_length = n('episode_length');
    if (style) options.style = style;
    setBusy(true);
    setError(null);
    try {
      if (batch) {
        const novels = files.map((f) => ({
          novelContent: f.text,
          ...(f.title.trim() ? { title: f.title.trim() } : {}),
        }));
        const created = await submitBatch(novels, options);
        router.push(`/batches/${created.batch_id}`);
        return;
      }
      const task = await submitScriptGenerationTask(text, {
        ...(title.trim() ? { title: title.trim() } : {}),
        ...options,
      });
      router.push(`/tasks/${task.task_id}`);
    } catch (err) {
      setError((err as Error).message);
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        void onFiles(e.dataTransfer.files);
      }}
      className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_18rem]"
    >
      <div className={`${cardPad} space-y-4`} data-testid="drop-zone">
        {batch ? (
          <BatchFiles files={files} locale={locale} maxChars={view.maxChars} onChange={setFiles} />
        ) : (
          <>
            <label className={label}>
              {t.titleLabel}
              <input
                name="title"
                maxLength={200}
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                className={input}
              />
            </label>
            <div>
              <div className="flex flex-wrap items-end justify-between gap-2">
                <label htmlFor="novel" className={label}>
                  {t.contentLabel}
                </label>
                <label
                  className={`${btnSecondary} focus-within:outline-accent cursor-pointer text-xs focus-within:outline-2`}
                >
                  {t.upload}
                  <input
                    type="file"
                    accept=".txt,text/plain"
                    multiple
                    onChange={(e) => void onFiles(e.target.files)}
                    className="sr-only"
                    data-testid="upload"
                  />
                </label>
              </div>
              <textarea
                id="novel"
                name="novel_content"
                required={!batch}
                value={text}
                onChange={(e) => {
                  setText(e.target.value);
                  setLoaded(null);
                }}
                placeholder={t.contentPlaceholder}
                rows={16}
                aria-describedby="char-count"
                className={`${input} min-h-64 resize-y font-mono leading-relaxed`}
              />
              <div className="mt-1 flex flex-wrap justify-between gap-2 text-xs">
                <span className="text-faint">{loaded ?? t.uploadHint}</span>
                <span
                  id="char-count"
                  aria-live="polite"
                  className={`tabular-nums ${over ? 'text-danger font-medium' : 'text-faint'}`}
                >
                  {t.chars(count, view.maxChars)}
                  {over && ` · ${t.tooLong}`}
                </span>
              </div>
              <p className="text-faint mt-1 text-xs">{t.dropHint}</p>
            </div>
          </>
        )}
      </div>

      <div className={`${cardPad} space-y-4 self-start`}>
        <h2 className="text-base font-bold">{t.options}</h2>
        <label className={label}>
          {t.model}
          <select name="model" value={model} onChange={(e) => setModel(e.target.value)} className={input}>
            {view.models.map((m) => (
              <option key={m} value={m}>
                {m === 'offline' ? t.modelOffline : m}
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          {t.language}
          <select name="language" defaultValue="" className={input}>
            <option value="">{t.languageAuto}</option>
            <option value="zh">{t.languageZh}</option>
            <option value="en">{t.languageEn}</option>
          </select>
        </label>
        <div className="grid grid-cols-2 gap-3">
          <label className={label}>
            {t.episodes}
            <input name="episodes" type="number" min={1} max={100} inputMode="numeric" className={input} />
          </label>
          <label className={label}>
            {t.episodeLength}
            <input
              name="episode_length"
              type="number"
              min={100}
              max={5000}
              step={50}
              inputMode="numeric"
              className={input}
            />
          </label>
        </div>
        <label className={label}>
          {t.style}
          <textarea name="style" rows={3} maxLength={2000} placeholder={t.stylePlaceholder} className={input} />
        </label>
        <p className="text-muted min-h-5 text-sm" data-testid="estimate" aria-live="polite">
          {count > 0 ? t.estimate(formatDuration(locale, estimateSeconds(count, rate) * 1000)) : t.estimateNone}
        </p>
        {error && (
          <p role="alert" className="bg-danger-soft text-danger rounded-md px-3 py-2 text-sm">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || count === 0 || over} className={`${btnPrimary} w-full`}>
          {busy ? t.submitting : batch ? t.submitBatch(files.length) : t.submitButton}
        </button>
      </div>
    </form>
  );
}
