// One episode in 短剧 layout: scene headings (集-场 地点 日/夜 内/外), the cast, △ action lines,
// dialogue as 角色：（提示）台词, OS/VO marked, and the 卡点 at the end. The script's own lines
// follow the script's language (an English script reads "Scene 1-1 EXT. Garden - DAY"); the
// labels around them follow the page's.
import { dictionaries, type Locale } from '@/lib/i18n/dictionaries';
import { sceneHeading } from '@/lib/pipeline/export/txt';
import type { Episode, Language, ScriptLine } from '@/lib/pipeline/schema';
import { card } from '../../components/styles';

function Line({ line, language }: { line: ScriptLine; language: Language }) {
  const zh = language === 'zh';
  const colon = zh ? '：' : ': ';
  switch (line.type) {
    case 'action':
      return <p className="text-muted">△ {line.text}</p>;
    case 'transition':
      return <p className="text-faint text-right text-xs uppercase">{line.text}</p>;
    default: {
      const mark = line.type === 'os' ? (zh ? '（OS）' : ' (OS)') : line.type === 'vo' ? (zh ? '（VO）' : ' (VO)') : '';
      return (
        <p className="pl-[1.1em] -indent-[1.1em]">
          <span className="text-ink font-bold">
            {line.character}
            {mark}
          </span>
          {colon}
          {line.parenthetical && (
            <span className="text-faint">{zh ? `（${line.parenthetical}）` : `(${line.parenthetical}) `}</span>
          )}
          <span className="text-ink">{line.text}</span>
        </p>
      );
    }
  }
}

/** `writing`: the episode is still being written (the live task page): marked, and no 卡点 yet. */
export function EpisodeView({
  episode: ep,
  locale,
  language,
  writing = false,
}: {
  episode: Pick<Episode, 'number' | 'title' | 'summary' | 'hook' | 'scenes'>;
  locale: Locale;
  /** The script's language. */
  language: Language;
  writing?: boolean;
}) {
  const t = dictionaries[locale].task;
  return (
    <article
      id={`episode-${ep.number}`}
      className={`${card} scroll-mt-4 p-4 sm:p-6`}
      data-testid="episode"
      aria-busy={writing || undefined}
    >
      <h3 className="text-base font-bold">
        {t.episode(ep.number)} · {ep.title}
        {writing && (
          <span
            className="bg-accent-soft text-accent ml-2 inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 align-middle text-xs font-medium"
            data-testid="episode-writing"
          >
            <span className="bg-accent size-1.5 animate-pulse rounded-full" aria-hidden="true" />
            {t.writing}
          </span>
        )}
      </h3>
      {ep.summary && <p className="text-muted mt-1 text-sm leading-relaxed">{ep.summary}</p>}
      {ep.scenes.map((sc) => (
        <div key={sc.number} className="mt-5" data-testid="scene">
          <p className="bg-sunken text-ink rounded px-2 py-1 text-sm font-bold">
            {sceneHeading(ep.number, sc, language)}
          </p>
          {sc.characters.length > 0 && (
            <p className="text-faint mt-1 text-xs">
              {t.sceneCast}
              {locale === 'zh' ? '：' : ': '}
              {sc.characters.join(locale === 'zh' ? '、' : ', ')}
            </p>
          )}
          <div className="mt-2 space-y-1.5 text-sm leading-relaxed">
            {sc.lines.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond their order
              <Line key={i} line={line} language={language} />
            ))}
          </div>
        </div>
      ))}
      {ep.hook && (
        <p className="bg-warn-soft text-warn-ink mt-5 rounded-md px-3 py-2 text-sm">
          <strong className="font-bold">{locale === 'zh' ? `【${t.hook}】` : `${t.hook}: `}</strong>
          {ep.hook}
        </p>
      )}
    </article>
  );
}
