// 分场剧本: each episode written from its beat sheet, the events it stages, the source passages
// of those events (most important first, within the budget), the previous episode's final beat
// and the next episode's opening, the cast in play (goal, speech, visual) and the shared location
// list. Written in the 短剧 text layout and streamed: finished scenes are saved as they arrive.
import { estimateTokens } from '../../llm/tokens';
import type { Episode, Language, Scene } from '../schema';
import { detectLanguage } from '../text/text';
import { canonicalMap, canonicalOf } from './aliases';
import type { EpisodeRole } from './arcs';
import { type Bible, renderCharacter, renderLocation } from './bible';
import { inputRoom, takeWithin } from './budget';
import { finishedScenes, type ParsedEpisode, parseEpisodeAnswer } from './episode-text';
import { type Event, renderEvent, renderQuote } from './notes';
import type { Run } from './run';
import type { BeatSheet } from './schemas';
import { passages } from './source';
import { CHECKPOINT_PREFIX } from './store';

const MAX_CAST = 8;

export interface EpisodeJob {
  sheet: BeatSheet;
  prev: BeatSheet | undefined;
  /** How the next episode opens: its beat sheet's opening, or the next chapter's first events. */
  next: string;
  role: EpisodeRole;
  total: number;
}

/** Tokens an episode of `length` (字 or words) takes to write. */
export const episodeOutput = (length: number, language: Language) =>
  Math.ceil(length * (language === 'zh' ? 1.3 : 1.5)) + 400;

const one = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

export function renderSheet(s: BeatSheet): string {
  return [
    `${s.number}. ${one(s.title)}`,
    `opening: ${one(s.opening)}`,
    `conflict: ${one(s.conflict)}`,
    `payoff: ${one(s.payoff)}`,
    ...s.scenes.map(
      (b, i) =>
        `scene ${i + 1}: ${one(b.place)} | ${b.time} | ${b.interior} | ${b.characters.map(one).join('、')} | ${b.events.join(',')} | ${one(b.beat)}`,
    ),
    `hook: ${one(s.hook)}`,
  ].join('\n');
}

export function castFor(sheet: BeatSheet, events: readonly Event[], bible: Bible) {
  const named = [...sheet.scenes.flatMap((s) => s.characters), ...events.flatMap((e) => e.who)];
  const map = canonicalMap(bible.characters);
  const wanted = new Set(named.map((n) => canonicalOf(map, n)).filter(Boolean));
  const lead = bible.characters.filter((c) => c.role === 'protagonist');
  return [...new Set([...bible.characters.filter((c) => wanted.has(c.name)), ...lead])].slice(0, MAX_CAST);
}

/** The episode prompt's data within the budget. */
export function episodeInput(run: Run, job: EpisodeJob, byId: ReadonlyMap<string, Event>, bible: Bible) {
  const { sheet } = job;
  const output = episodeOutput(run.episodeLength, run.output);
  const events = sheet.events.map((id) => byId.get(id)).filter((e): e is Event => !!e);
  const cast = castFor(sheet, events, bible);
  const places = [...new Set(sheet.scenes.map((s) => s.place))].map(
    (p) => bible.locations.find((l) => l.name === p) ?? { name: p, description: '' },
  );
  const base = {
    title: run.title,
    number: sheet.number,
    total: job.total,
    role: job.role,
    sheet: renderSheet(sheet),
    previous: job.prev
      ? `${one(job.prev.scenes[job.prev.scenes.length - 1]?.beat ?? '')} 【${one(job.prev.hook)}】`
      : '',
    next: one(job.next),
    characters: cast.map((c) => renderCharacter(c, true)).join('\n'),
    locations: places.map(renderLocation).join('\n'),
    events: events.map(renderEvent).join('\n'),
    episodeLength: run.episodeLength,
    style: run.style,
    narrator: run.narrator,
  };
  // source passages: the paragraphs of the most important events first, as many as fit
  const room = Math.min(
    inputRoom(run.session.model, output) - estimateTokens(Object.values(base).join('\n')),
    Math.max(600, run.episodeLength * 3),
  );
  const ranked = [...events].sort((a, b) => b.importance - a.importance);
  const chosen: number[] = [];
  let used = 0;
  for (const e of ranked)
    for (const id of e.paras) {
      if (chosen.includes(id)) continue;
      const t = estimateTokens(run.source.paras[id - 1]?.text ?? '') + 4;
      if (used + t > room) continue;
      chosen.push(id);
      used += t;
    }
  const source = passages(run.source, chosen);
  const quotes = takeWithin(
    events
      .flatMap((e) => run.books.get(e.chapter)?.quotes ?? [])
      .filter((q) => chosen.includes(q.para))
      .map(renderQuote),
    200,
  );
  return { input: { ...base, source: source.join('\n'), quotes: [...new Set(quotes)].join('\n') }, output };
}

/** Speakers and cast lists use the bible's names; a speaker is always in the scene's cast. */
export function normalizeScenes(scenes: readonly Scene[], bible: Bible): Scene[] {
  const map = canonicalMap(bible.characters);
  const fix = (n: string) => canonicalOf(map, n) ?? n;
  return scenes.map((s, i) => {
    const lines = s.lines.map((l) => (l.character ? { ...l, character: fix(l.character) } : l));
    const speakers = lines.map((l) => l.character).filter((c): c is string => Boolean(c));
    return { ...s, number: i + 1, lines, characters: [...new Set([...s.characters.map(fix), ...speakers])] };
  });
}

export function languageOf(p: ParsedEpisode): Language {
  return detectLanguage(p.scenes.flatMap((s) => s.lines.map((l) => l.text)).join('\n'));
}

/** Problems worth one more answer: the scene count and the language. */
export function checkWritten(p: ParsedEpisode, language: Language): string | null {
  if (p.scenes.length < 3 || p.scenes.length > 5)
    return language === 'zh' ? `必须写3–5场，现在是${p.scenes.length}场` : `write 3–5 scenes, not ${p.scenes.length}`;
  if (languageOf(p) !== language) return language === 'zh' ? '必须用中文写' : 'write the episode in English';
  return null;
}

/** One answer for an episode (a first draft or a rewrite), streamed into the page. */
export async function askEpisode(
  run: Run,
  job: EpisodeJob,
  prompt: { system: string; user: string },
  output: number,
  bible: Bible,
  meter: import('../../llm/usage').UsageMeter,
  priority: number,
): Promise<ParsedEpisode> {
  const key = `${CHECKPOINT_PREFIX}episode:${job.sheet.number}`;
  let shown = 0;
  let saving: Promise<void> = Promise.resolve();
  const parsed = await run.slots.run(priority, () =>
    run.session.ask(
      {
        step: 'episode',
        ...prompt,
        format: { kind: 'text', parse: (t) => parseEpisodeAnswer(t, run.output, { minScenes: 1, maxScenes: 8 }) },
        check: (p) => checkWritten(p, run.output),
        lenient: true,
        maxRepairs: 1,
        maxTokens: run.session.model.reasoning ? run.session.model.max_output : output,
        temperature: 0.8,
        onContent: (text) => {
          const scenes = finishedScenes(text, run.output);
          if (scenes.length <= shown) return;
          shown = scenes.length;
          const partial = { number: job.sheet.number, title: job.sheet.title, scenes: normalizeScenes(scenes, bible) };
          // Best effort: a failed partial write only delays what the page shows; the final save reports errors.
          saving = saving.then(() => run.ctx.checkpoint.save(key, { partial }).catch(() => undefined));
        },
      },
      meter,
    ),
  );
  await saving;
  return parsed;
}

/** The 卡点 alone, when the episode came without one: a narrow second question, not a whole episode. */
export async function askHook(
  run: Run,
  job: EpisodeJob,
  scenes: readonly Scene[],
  meter: import('../../llm/usage').UsageMeter,
): Promise<string> {
  const last = scenes[scenes.length - 1];
  const text = last ? last.lines.map((l) => (l.character ? `${l.character}：${l.text}` : l.text)).join('\n') : '';
  const hook = await run.slots.run(1, () =>
    run.session.ask(
      {
        step: 'hook',
        ...run.prompts.hook({ number: job.sheet.number, planned: job.sheet.hook, lastScene: text }),
        format: {
          kind: 'text',
          parse: (t) => {
            const m = /(?:【卡点】|\[Hook\])\s*[:：]?\s*(.+)/i.exec(t);
            return { ok: true, value: (m?.[1] ?? '').trim() };
          },
        },
        maxRepairs: 0,
        maxTokens: 200,
        temperature: 0.5,
      },
      meter,
    ),
  );
  return hook;
}

export function toEpisode(job: EpisodeJob, parsed: ParsedEpisode, hook: string, bible: Bible): Episode {
  const chapters = [...new Set(job.sheet.events.map((id) => Number(id.split('.')[0])).filter((n) => n > 0))];
  return {
    number: job.sheet.number,
    title: job.sheet.title || parsed.title || String(job.sheet.number),
    summary: job.sheet.summary,
    hook,
    chapters: chapters.sort((a, b) => a - b),
    scenes: normalizeScenes(parsed.scenes, bible),
  };
}
