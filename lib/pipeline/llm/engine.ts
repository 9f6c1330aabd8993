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
import { defaultEpisodeCount } from '../offline/plan';
import { promptsFor } from '../prompts';
import { Episode, type Language, ScriptResult } from '../schema';
import { splitChapters } from '../text/chapters';
import { detectLanguage, sourceUnits } from '../text/text';
import { AbortedError, type GenerateContext, type GenerateOptions, type ScriptGenerator } from '../types';
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

/** Target episode length when none is asked for (2 minutes): zh characters, en words. */
export const DEFAULT_EPISODE_LENGTH: Record<Language, number> = { zh: 600, en: 300 };
/** 1–3 minutes: zh 300 字 a minute, en 150 words. */
const LENGTH_RANGE: Record<Language, [number, number]> = { zh: [300, 900], en: [150, 450] };
/** The first chunk is small, so the first arc can be planned early. */
const FIRST_CHUNK = 2500;

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
  const [lo, hi] = LENGTH_RANGE[output];
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
    books: new Map(),
    noteStats: { droppedQuotes: 0, unanchoredEvents: 0 },
    episodeLength: Math.min(hi, Math.max(lo, options.episodeLength ?? DEFAULT_EPISODE_LENGTH[output])),
    review: options.review ?? true,
    style: options.style,
    warnings,
    warn: warner(output, warnings),
  };
  const { progress } = run;

  // 1. 解析: numbered source, chunks, arcs and the season's pacing — no model call yet
  await progress.enter('parse');
  const chapters = splitChapters(input.text, language);
  run.source = readSource(input.text, chapters, language);
  const max = chunkTokens(model);
  const chunks = makeChunks(run.source, max, `${model.name}|${output}|notes-v2`, Math.min(max, FIRST_CHUNK));
  const units = chapters.map((c) => ({ number: c.number, units: sourceUnits(c.text, language) }));
  const count =
    options.episodes && options.episodes > 0
      ? Math.floor(options.episodes)
      : defaultEpisodeCount(units.reduce((s, c) => s + c.units, 0));
  const arcs = planArcs(units, count);
  const roles = seasonRoles(arcs, count);
  const chunkWork = (tokens: number) => workOf(tokens + 900, tokens * 0.2);
  const arcWork = (k: number) => workOf(2500, k * 450 + 900);
  const epWork = workOf(3000, episodeOutput(run.episodeLength, output)) * (run.review ? 1.4 : 1);
  for (const c of chunks) progress.plan(chunkWork(c.tokens));
  for (const a of arcs) progress.plan(arcWork(a.episodes.length));
  progress.plan(count * epWork);
  const inSource = (name: string) => name.length > 0 && input.text.includes(name);

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

  // 3. 分集节拍表, arc by arc (each needs the bible of the arcs before it)
  const sheets = new Map<number, Deferred<BeatSheet>>();
  for (let n = 1; n <= count; n++) sheets.set(n, deferred());
  const sheetOf = (n: number) => (sheets.get(n) as Deferred<BeatSheet>).promise;
  const byId = new Map<string, Event>();
  let bible: Bible = emptyBible();
  const planned: BeatSheet[] = [];
  track(
    (async () => {
      let previous: BeatSheet | undefined;
      for (const arc of arcs) {
        const books = await Promise.all(arc.chapters.map(bookOf));
        const events = books.flatMap((b) => b.events);
        for (const e of events) byId.set(e.id, e);
        await progress.enter('outline', arc.index, arcs.length);
        const from = arc.episodes[0] ?? 1;
        const to = arc.episodes[arc.episodes.length - 1] ?? from;
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
        });
        const grown = growBible(bible, plan, inSource);
        bible = grown.bible;
        if (grown.invented.length) run.warn('invented', grown.invented.join(output === 'zh' ? '、' : ', '));
        for (const s of plan.episodes) {
          planned.push(s);
          sheets.get(s.number)?.resolve(s);
        }
        previous = plan.episodes[plan.episodes.length - 1];
        await progress.finish(arcWork(arc.episodes.length), fresh);
      }
      const unplanned = [...sheets.entries()].filter(([, d]) => !d.done).map(([n]) => n);
      if (unplanned.length)
        throw new LlmError('model_output_invalid', `episodes ${unplanned.join(', ')} could not be planned`, true);
    })().catch((err: unknown) => {
      for (const d of sheets.values()) if (!d.done) d.reject(err);
      throw err;
    }),
  );

  // 4. 分场剧本 + 审读, each episode as soon as its beat sheet and the next one's exist
  let written = 0;
  const episodes = Array.from({ length: count }, (_, i) =>
    track(
      (async () => {
        const n = i + 1;
        const sheet = await sheetOf(n);
        const prev = n > 1 ? await sheetOf(n - 1) : undefined;
        const next = n < count ? await sheetOf(n + 1) : undefined;
        await progress.enter('script', written + 1, count);
        const job = { sheet, prev, next, role: roles.get(n) ?? 'rising', total: count };
        const made = await piece(run.ctx, run.stageMeter('write'), `episode:${n}`, Episode, (m, w) =>
          makeEpisode(withWarnings(run, w), job, byId, bible, m, inSource),
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
    usage: { ...meter.total, by_stage: Object.fromEntries([...meters].map(([k, m]) => [k, m.total])) },
    warnings: [...warnings, ...continuity(checked.episodes, planned, output), ...checked.warnings],
  });
  await progress.report();
  return result;
}
