import { dictionaries, type Locale } from '@/lib/i18n/messages';
import type { ScriptResult } from '@/lib/pipeline/schema';

export function ScriptView({ result, locale }: { result: ScriptResult; locale: Locale }) {
  const t = dictionaries[locale].task;
  return (
    <div className="space-y-6" data-testid="script-view">
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="mb-1 text-lg font-bold">{result.title}</h2>
        <p className="text-slate-700">{result.logline}</p>
        <p className="mt-2 text-xs text-slate-500">
          {t.engine}: {result.engine.name}
          {result.engine.model ? ` · ${result.engine.model}` : ''}
        </p>
      </section>
      <section className="rounded-lg border border-slate-200 bg-white p-6">
        <h2 className="mb-3 text-lg font-bold">{t.characters}</h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          {result.characters.map((c) => (
            <li key={c.name} className="rounded border border-slate-200 p-3">
              <div className="font-medium">
                {c.name}
                {c.aliases.length > 0 && <span className="ml-2 text-xs text-slate-500">{c.aliases.join(' / ')}</span>}
              </div>
              <p className="mt-1 text-sm text-slate-600">{c.description}</p>
            </li>
          ))}
        </ul>
      </section>
      <section className="space-y-4">
        <h2 className="text-lg font-bold">{t.episodes}</h2>
        {result.episodes.map((ep) => (
          <article key={ep.number} className="rounded-lg border border-slate-200 bg-white p-6" data-testid="episode">
            <h3 className="font-bold">
              {t.episode(ep.number)} · {ep.title}
            </h3>
            <p className="mt-1 text-sm text-slate-600">{ep.summary}</p>
            {ep.scenes.map((sc) => (
              <div key={sc.number} className="mt-4 border-l-2 border-slate-200 pl-4">
                <p className="text-sm font-medium">
                  {t.scene(ep.number, sc.number)} {sc.location} {sc.time} {sc.interior}
                </p>
                <p className="text-xs text-slate-500">人物：{sc.characters.join('、')}</p>
                <div className="mt-2 space-y-1 text-sm">
                  {sc.lines.map((line, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond their order
                    <p key={i} className={line.type === 'action' ? 'text-slate-700' : ''}>
                      {line.type === 'action' && `△${line.text}`}
                      {line.type === 'dialogue' &&
                        `${line.character}：${line.parenthetical ? `（${line.parenthetical}）` : ''}${line.text}`}
                      {line.type === 'os' && `${line.character}（OS）：${line.text}`}
                      {line.type === 'vo' && `${line.character}（VO）：${line.text}`}
                      {line.type === 'transition' && line.text}
                    </p>
                  ))}
                </div>
              </div>
            ))}
            {ep.hook && (
              <p className="mt-4 rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
                {t.hook}：{ep.hook}
              </p>
            )}
          </article>
        ))}
      </section>
    </div>
  );
}
