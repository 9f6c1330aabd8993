'use client';
// The files of a batch being submitted: one row per file with its encoding, length and an editable
// title (from the file name), and a button to drop it from the batch.
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { btnSecondary, input } from '../../components/styles';

export interface BatchFile {
  /** Stable across edits and removals (the list key). */
  id: number;
  name: string;
  text: string;
  encoding: string;
  chars: number;
  title: string;
}

export function BatchFiles({
  files,
  locale,
  maxChars,
  onChange,
}: {
  files: BatchFile[];
  locale: Locale;
  maxChars: number;
  onChange: (files: BatchFile[]) => void;
}) {
  const t = dictionaries[locale].submit;
  return (
    <div data-testid="batch-files">
      <p className="text-muted mb-2 text-sm">{t.files(files.length)}</p>
      <ul className="divide-line border-line divide-y rounded-md border">
        {files.map((f, i) => (
          <li key={f.id} className="flex flex-wrap items-center gap-2 px-3 py-2" data-testid="batch-file">
            <label className="min-w-0 flex-1 basis-48">
              <span className="sr-only">{t.fileTitle(f.name)}</span>
              <input
                value={f.title}
                maxLength={200}
                onChange={(e) => onChange(files.map((g, j) => (j === i ? { ...g, title: e.target.value } : g)))}
                className={`${input} mt-0`}
                aria-label={t.fileTitle(f.name)}
              />
            </label>
            <span className={`text-xs tabular-nums ${f.chars > maxChars ? 'text-danger' : 'text-faint'}`}>
              {f.name} · {f.encoding} · {t.chars(f.chars, maxChars)}
            </span>
            <button
              type="button"
              className={`${btnSecondary} text-xs`}
              onClick={() => onChange(files.filter((_, j) => j !== i))}
            >
              {t.remove}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
