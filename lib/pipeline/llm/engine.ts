// The LLM ScriptGenerator, a writers' room: 解析 (¶-numbered source, chunks, arcs, season plan) →
// 阅读笔记 (map over chunks) → per arc, as soon as its chapters are read: 分集节拍表 + bible
// additions → per episode, as soon as its beat sheets (and the next one's) exist: 分场剧本 →
// review → continuity. Reading, planning and writing overlap, sharing one pool of model-call
// slots, so the first scenes appear while later chapters are still being read. Every finished
// piece is a checkpoint, so a retry resumes without calling the model again for it.
import type OpenAI from 'openai';
import { createSdk, type LlmSettings, settingsFromEnv } from '../../llm/client';
import { LlmError } from '../../llm/errors';
import { type ModelInfo, modelInfo } from '../../llm/models';
import { LlmSession } from '../../llm/structured';
import { UsageMeter } from '../../llm/usage';
import { episodeLengthRange } from '../length';
import { defaultEpisodeCount } from '../offline/plan';
import { promptsFor } from '../prompts';
import { indexSource } from '../quality';
import { Episode, type Language, ScriptResult } from '../schema';
import { prepareText } from '../text/prepare';
import { detectLanguage, sourceUnits } from '../text/text';
import { AbortedError, type GenerateContext, type GenerateOptions, type ScriptGenerator } from '../types';
import { mergeNamed } from './aliases';
import { planArcs, seasonRoles } from './arcs';
import { type Bible, emptyBible, growBible, resultCharacters } from './bible';
import { chunkTokens } from './budget';
import { checkLlmScript } from './check';
import { makeEpisode } from './episode';
import { assembleChapter, type ChapterBook, type Event } from './notes';
import { planArc } from './plan';
import { Progress, workOf } from './progress';
import { readChunk } from './read';
import { continuity } from './review';
import { type Run, type StageName, warner, withWarnings } from './run';
import type { BeatSheet, ChunkNotes } from './schemas';
import { Slots } from './slots';
import { makeChunks, readSource } from './source';
import { piece } from './store';
import { episodeOutput } from './write';

export interface LlmEngineDeps {
  settings?: LlmSettings;
  sdk?: OpenAI;
  model?: (name: string) => ModelInfo;
}

/** The first arc's chunks are small: read in parallel, their notes come back early. */
const FIRST_CHUNK = 1200;

export function createLlmGenerator(deps: LlmEngineDeps = {}): ScriptGenerator {
  return {
    name: 'llm',
    async generate(input, options: GenerateOptions, ctx: GenerateContext): Promise<ScriptResult> {
      if (!options.model) throw new Error('the LLM engine needs options.model');
      try {
        return await generate(deps, input, options, ctx);
      } catch (err) {
        if (ctx.signal.aborted) throw new AbortedError();
        throw err;
      }
    },
  };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
  done: boolean;
}

function deferred<T>(): Deferred<T> {
  const d = { done: false } as Deferred<T>;
  d.promise = new Promise<T>((res, rej) => {
    d.resolve = (v) => {
      d.done = true;
      res(v);
    };
    d.reject = (e) => {
      d.done = true;
      rej(e);
    };
  });
  d.promise.catch(() => undefined); // awaited by the episodes; a planning failure is thrown from there
  return d;
}

async function generate(
  deps: LlmEngineDeps,
  input: { title: string; text: string },
  options: GenerateOptions,
  ctx: GenerateContext,
): Promise<ScriptResult> {
  const model = (deps.model ?? modelInfo)(options.model ?? '');
  const settings = deps.settings ?? settingsFromEnv();
  const sdk = deps.sdk ?? createSdk(settings);
  const language = detectLanguage(input.text);
  const output: Language = options.language ?? language;
  const prompts = promptsFor(output);
  // the first failure stops every other call of the task
  const stop = new AbortController();
  const onAbort = () => stop.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const meter = new UsageMeter(model.price);
  const meters = new Map<StageName, UsageMeter>();
  const warnings: string[] = [];
  const range = episodeLengthRange(output, options.episodeLength);
  const run: Run = {
    title: input.title.trim() || (output === 'zh' ? '未命名' : 'Untitled'),
    session: new LlmSession(sdk, settings, model, prompts.phrases, stop.signal),
    prompts,
    output,
    ctx: { ...ctx, signal: stop.signal },
    meter,
    stageMeter(stage) {
      const m = meters.get(stage) ?? meter.scope(stage);
      meters.set(stage, m);
      return m;
    },
    progress: new Progress(ctx, prompts),
    slots: new Slots(settings.concurrency),
    source: { language, chapters: [], paras: [] },
    annotations: [],
    books: new Map(),
    noteStats: { droppedQuotes: 0, unanchoredEvents: 0 },
    episodeLength: range.target,
    review: options.review ?? true,
    style: options.style,
    warnings,
    warn: warner(output, warnings),
  };
  const { progress } = run;

  // 1. 解析: the prepared text (preface, notes, narrator), numbered source, chunks, arcs and the
  // season's pacing — no model call yet
  await progress.enter('parse');
  const prepared = prepareText(input.text, { title: input.title, language });
  const { chapters } = prepared;
  run.source = readSource(chapters, language);
  run.annotations = prepared.notes;
  run.narrator = prepared.narrator?.name;
  const index =
    language === output
      ? indexSource({ text: input.text, chapters, language, narrator: prepared.narrator?.name })
      : undefined;
  const units = chapters.map((c) => ({ number: c.number, units: sourceUnits(c.text, language) }));
  const count =
    options.episodes && options.episodes > 0
      ? Math.floor(options.episodes)
      : defaultEpisodeCount(units.reduce((s, c) => s + c.units, 0));
  const arcs = planArcs(units, count);
  const max = chunkTokens(model);
  const chunks = makeChunks(
    run.source,
    arcs.map((a, i) => ({ chapters: a.chapters, maxTokens: i === 0 ? Math.min(max, FIRST_CHUNK) : max })),
    `${model.name}|${output}|notes-v2`,
  );
  const roles = seasonRoles(arcs, count);
  const chunkWork = (tokens: number) => workOf(tokens + 900, tokens * 0.2);
  const arcWork = (k: number) => workOf(2500, k * 450 + 900);
  const epWork = workOf(3000, episodeOutput(run.episodeLength, output)) * (run.review ? 1.4 : 1);
  for (const c of chunks) progress.plan(chunkWork(c.tokens));
  for (const a of arcs) progress.plan(arcWork(a.episodes.length));
  progress.plan(count * epWork);
  const inSource = (name: string) => name.length > 0 && (input.text.includes(name) || name === run.narrator);

  const tracked: Promise<unknown>[] = [];
  let failure: { err: unknown } | null = null;
  const track = <T>(p: Promise<T>): Promise<T> => {
    tracked.push(
      p.catch((err: unknown) => {
        failure ??= { err };
        stop.abort(err);
      }),
    );
    return p;
  };

  // 2. 阅读笔记: every chunk, in order, through the shared slots
  let read = 0;
  await progress.enter('summarize', 1, chunks.length);
  const reads = chunks.map((c) =>
    track(
      readChunk(run, c, chunks.length).then(async ({ notes, fresh }) => {
        read++;
        await progress.enter('summarize', Math.min(chunks.length, read + 1), chunks.length);
        await progress.finish(chunkWork(c.tokens), fresh);
        return notes;
      }),
    ),
  );
  const bookOf = async (n: number): Promise<ChapterBook> => {
    const had = run.books.get(n);
    if (had) return had;
    const mine = chunks.filter((c) => c.chapters.includes(n));
    const notes: ChunkNotes[] = await Promise.all(mine.map((c) => reads[c.index - 1] as Promise<ChunkNotes>));
    const title = run.source.chapters.find((c) => c.number === n)?.title ?? String(n);
    const book = assembleChapter(
      n,
      title,
      notes.flatMap((x) => x.chapters.filter((c) => c.number === n)),
    );
    run.books.set(n, book);
    return book;
  };

  /** The people the notes of these chapters name, one entry per person, most mentioned first. */
  const peopleOf = async (numbers: readonly number[]) => {
    const mine = chunks.filter((c) => c.chapters.some((n) => numbers.includes(n)));
    const notes = await Promise.all(mine.map((c) => reads[c.index - 1] as Promise<ChunkNotes>));
    const all = notes.flatMap((x) => x.characters.map((c) => ({ ...c, mentions: 1 })));
    return mergeNamed(all, (g) => ({ ...(g[0] as (typeof all)[number]), mentions: g.length })).sort(
      (a, b) => b.mentions - a.mentions,
    );
  };

  // 3. 分集节拍表: every arc as soon as its chapters are read, in parallel — each with the bible
  // as far as it is known then (names are merged again as it grows) and the previous arc's last
  // beat sheet when it is already planned. Planning is the critical path: it goes first in the slots.
  const sheets = new Map<number, Deferred<BeatSheet>>();
  for (let n = 1; n <= count; n++) sheets.set(n, deferred());
  const sheetOf = (n: number) => (sheets.get(n) as Deferred<BeatSheet>).promise;
  const settled = new Map<number, BeatSheet>();
  const byId = new Map<string, Event>();
  let bible: Bible = emptyBible();
  const planned: BeatSheet[] = [];
  let arcsDone = 0;
  for (const arc of arcs)
    track(
      (async () => {
        const books = await Promise.all(arc.chapters.map(bookOf));
        const events = books.flatMap((b) => b.events);
        for (const e of events) byId.set(e.id, e);
        await progress.enter('outline', arcsDone + 1, arcs.length);
        const from = arc.episodes[0] ?? 1;
        const to = arc.episodes[arc.episodes.length - 1] ?? from;
        const previous = settled.get(from - 1);
        const people = await peopleOf(arc.chapters);
        const { plan, fresh } = await planArc(run, {
          arc,
          from,
          to,
          books,
          events,
          bible,
          previous,
          roles,
          total: count,
          people,
        });
        const grown = growBible(bible, plan, inSource);
        bible = grown.bible;
        if (grown.invented.length) run.warn('invented', grown.invented.join(output === 'zh' ? '、' : ', '));
        for (const s of plan.episodes) {
          planned.push(s);
          settled.set(s.number, s);
          sheets.get(s.number)?.resolve(s);
        }
        const unplanned = arc.episodes.filter((n) => !settled.has(n));
        if (unplanned.length)
          throw new LlmError('model_output_invalid', `episodes ${unplanned.join(', ')} could not be planned`, true);
        arcsDone++;
        await progress.finish(arcWork(arc.episodes.length), fresh);
      })().catch((err: unknown) => {
        for (const n of arc.episodes) sheets.get(n)?.reject(err);
        throw err;
      }),
    );
  const arcOf = new Map(arcs.flatMap((a) => a.episodes.map((n) => [n, a.index] as const)));
  /** How episode n+1 opens: its beat sheet's opening when planned, else the next chapter's first key events. */
  const nextOpening = async (n: number): Promise<string> => {
    if (n >= count) return '';
    if (arcOf.get(n + 1) === arcOf.get(n)) return (await sheetOf(n + 1)).opening;
    const planned = settled.get(n + 1);
    if (planned) return planned.opening;
    const nextArc = arcs[(arcOf.get(n + 1) ?? 1) - 1];
    const book = run.books.get(nextArc?.chapters[0] ?? 0);
    return (book?.events ?? [])
      .filter((e) => e.importance >= 4)
      .slice(0, 2)
      .map((e) => e.text)
      .join(' ');
  };

  // 4. 分场剧本 + 审读, each episode as soon as its beat sheet and the next one's exist
  let written = 0;
  const episodes = Array.from({ length: count }, (_, i) =>
    track(
      (async () => {
        const n = i + 1;
        const sheet = await sheetOf(n);
        const prev = n > 1 && arcOf.get(n - 1) === arcOf.get(n) ? await sheetOf(n - 1) : settled.get(n - 1);
        const next = await nextOpening(n);
        await progress.enter('script', written + 1, count);
        const job = { sheet, prev, next, role: roles.get(n) ?? 'rising', total: count };
        const made = await piece(run.ctx, run.stageMeter('write'), `episode:${n}`, Episode, (m, w) =>
          makeEpisode(withWarnings(run, w), job, { byId, bible, index, range, inSource }, m),
        );
        written++;
        await progress.enter('script', Math.min(count, written + 1), count);
        await progress.finish(epWork, made.fresh);
        return made;
      })(),
    ),
  );

  try {
    await Promise.allSettled(tracked);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
  if (ctx.signal.aborted) throw new AbortedError();
  if (failure) throw (failure as { err: unknown }).err;
  const made = await Promise.all(episodes);
  for (const m of made) warnings.push(...m.warnings);

  // 5. 校验: continuity, cast, coverage
  progress.settle();
  await progress.enter('check');
  const script = made.map((m) => m.value);
  const checked = checkLlmScript({
    output,
    characters: resultCharacters(bible),
    episodes: script,
    chapters: chapters.map((c) => c.number),
    requestedEpisodes: count,
    inSource,
  });
  if (run.noteStats.droppedQuotes) run.warn('droppedQuotes', run.noteStats.droppedQuotes);
  const result = ScriptResult.parse({
    title: run.title,
    logline: bible.logline,
    language: output,
    characters: checked.characters,
    episodes: checked.episodes,
    source: {
      chapters: chapters.map((c) => ({ number: c.number, title: c.title, chars: c.text.length })),
      characters_found: bible.characters.length,
      total_chars: input.text.length,
    },
    engine: { name: 'llm', model: model.name },
    usage: { ...meter.total, by_stage: meter.byStage },
    warnings: [...warnings, ...continuity(checked.episodes, planned, output), ...checked.warnings],
  });
  await progress.report();
  return result;
}
