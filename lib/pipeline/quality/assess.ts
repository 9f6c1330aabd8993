// The whole-script report: every episode through inspectEpisode, then chapter coverage, repeated
// episodes and one entry per measure with its level. Pure: the same script and source always
// give the same report.
import { episodeLengthRange } from '../length';
import type { Language, ScriptResult } from '../schema';
import type { Chapter } from '../text/chapters';
import type { SourceNote } from '../text/notes';
import { findDuplicates } from './duplicates';
import { type EpisodeFigures, inspectEpisode } from './episode';
import { excerpt, qualityMessages } from './messages';
import type { MeasureKey, QualityIssue, QualityMeasure, QualityReport } from './schema';
import { indexSource, type SourceIndex } from './source-index';
import { levelOf, share, THRESHOLDS, worse } from './thresholds';

export interface QualitySource {
  text: string;
  chapters: Chapter[];
  language: Language;
  notes?: SourceNote[] | undefined;
  /** The first-person narrator's name, when the text gave it one. */
  narrator?: string | undefined;
}

export const MAX_ISSUES = 100;

export function assessScript(
  result: ScriptResult,
  source: QualitySource,
  options: { episodeLength?: number | undefined } = {},
): QualityReport {
  const steps = assessSteps(result, source, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The same report, yielding to the event loop between episodes: the worker's heartbeats, cancels
 * and other tasks keep running while a long novel is measured (seconds for 500k characters).
 */
export async function assessScriptAsync(
  result: ScriptResult,
  source: QualitySource,
  options: { episodeLength?: number | undefined } = {},
): Promise<QualityReport> {
  const steps = assessSteps(result, source, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function* assessSteps(
  result: ScriptResult,
  source: QualitySource,
  options: { episodeLength?: number | undefined },
): Generator<void, QualityReport> {
  const language = result.language;
  const m = qualityMessages(language);
  const comparable = source.language === language;
  const index: SourceIndex | undefined = comparable ? indexSource({ ...source, language }) : undefined;
  yield;
  const range = episodeLengthRange(language, options.episodeLength);
  const figures: EpisodeFigures[] = [];
  for (const [i, e] of result.episodes.entries()) {
    figures.push(
      inspectEpisode(e, { language, cast: result.characters, source: index, range, previous: result.episodes[i - 1] }),
    );
    yield;
  }
  const issues: QualityIssue[] = [];
  const sum = (f: (x: EpisodeFigures) => number) => figures.reduce((n, x) => n + f(x), 0);
  const count = (p: (x: EpisodeFigures) => boolean) => figures.filter(p).length;
  const episodes = figures.length;

  // per-episode issues; an invented speaker is named once, where it first speaks
  const named = new Set<string>();
  for (const f of figures)
    for (const i of f.issues) {
      if (i.measure === 'invented_speakers') {
        if (named.has(i.message)) continue;
        named.add(i.message);
      }
      issues.push(i);
    }

  const measures: QualityMeasure[] = [];
  const add = (key: MeasureKey, value: number, summary: string) => {
    const t = THRESHOLDS[key];
    measures.push({ key, level: levelOf(key, value, issues), value, unit: t.unit, ok: t.ok, warn: t.warn, summary });
  };

  const chapters: QualityReport['chapters'] = [];
  if (index) {
    const covered = new Map<number, Set<number>>();
    for (const f of figures)
      for (const id of f.covered) {
        const s = index.sentences[id];
        if (!s) continue;
        const set = covered.get(s.chapter) ?? new Set<number>();
        covered.set(s.chapter, set);
        set.add(s.event);
      }
    for (const ch of source.chapters) {
      const events = index.events.get(ch.number) ?? 1;
      const n = covered.get(ch.number)?.size ?? 0;
      chapters.push({ number: ch.number, events, covered: n });
      if (n === 0)
        issues.push({
          measure: 'coverage',
          level: 'fail',
          chapter: ch.number,
          message: m.chapterMissing(excerpt(ch.title)),
        });
      else if (n / events < 0.5)
        issues.push({
          measure: 'coverage',
          level: 'warn',
          chapter: ch.number,
          message: m.chapterThin(excerpt(ch.title), n, events),
        });
    }
    const events = chapters.reduce((n, c) => n + c.events, 0);
    const hit = chapters.reduce((n, c) => n + c.covered, 0);
    add('coverage', share(hit, events), m.summary.coverage(hit, events, chapters.length));
  }
  add(
    'attribution',
    share(
      sum((f) => f.attributed),
      sum((f) => f.spoken),
    ),
    m.summary.attribution(
      sum((f) => f.attributed),
      sum((f) => f.spoken),
    ),
  );
  if (index) {
    const invented = named.size;
    add('invented_speakers', invented, m.summary.invented_speakers(invented));
    const quotes = sum((f) => f.quotes);
    const verbatim = sum((f) => f.verbatim);
    add('quotes', share(verbatim, quotes), m.summary.quotes(verbatim, quotes));
    const judged = sum((f) => f.judged);
    const grounded = sum((f) => f.grounded);
    add('grounding', share(grounded, judged), m.summary.grounding(grounded, judged));
  }
  const sceneOk = count((f) => f.scenes >= 3 && f.scenes <= 5);
  add('scenes', share(sceneOk, episodes), m.summary.scenes(sceneOk, episodes));
  const lengthOk = count((f) => f.units >= range.min && f.units <= range.max);
  add('length', share(lengthOk, episodes), m.summary.length(lengthOk, episodes, range.min, range.max));
  const opening = count((f) => f.opening);
  add('opening_hook', share(opening, episodes), m.summary.opening_hook(opening, episodes));
  const cliff = count((f) => f.cliffhanger);
  add('cliffhanger', share(cliff, episodes), m.summary.cliffhanger(cliff, episodes));
  const dup = findDuplicates(result.episodes, language);
  issues.push(...dup.issues);
  add('duplicates', dup.pairs, m.summary.duplicates(dup.pairs));
  const scenes = sum((f) => f.scenes);
  const inLanguage = sum((f) => f.scenesInLanguage);
  add('language', share(inLanguage, scenes), m.summary.language(inLanguage, scenes));
  // the measure list keeps one order, whatever order they were computed in
  const order = (k: MeasureKey) => Object.keys(THRESHOLDS).indexOf(k);
  measures.sort((a, b) => order(a.key) - order(b.key));
  // fail-level issues decided some levels after `add`: recompute with every issue known
  for (const x of measures) x.level = levelOf(x.key, x.value, issues);

  const sorted = issues.sort(
    (a, b) =>
      (a.level === 'fail' ? 0 : 1) - (b.level === 'fail' ? 0 : 1) ||
      (a.episode ?? 0) - (b.episode ?? 0) ||
      (a.scene ?? 0) - (b.scene ?? 0) ||
      (a.chapter ?? 0) - (b.chapter ?? 0),
  );
  return {
    level: measures.reduce((l, x) => worse(l, x.level), 'ok' as QualityReport['level']),
    measures,
    issues: sorted.slice(0, MAX_ISSUES),
    issues_omitted: Math.max(0, sorted.length - MAX_ISSUES),
    chapters,
    episodes: figures.map((f, i) => ({
      number: result.episodes[i]?.number ?? i + 1,
      scenes: f.scenes,
      units: f.units,
      min: range.min,
      max: range.max,
    })),
    notes: comparable ? [] : [m.otherLanguage],
  };
}
