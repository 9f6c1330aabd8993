// 分场剧本: each episode written from its outline entry, the events and quotes of its chapters
// and only the characters it needs (Dramatron's "only the context it needs"), in the 短剧 text
// layout, with bounded concurrency. Scenes are saved as they finish streaming, so the page can
// show the script growing; a finished episode is a checkpoint.
import { estimateTokens } from '../../llm/tokens';
import type { Character, Episode, Scene } from '../schema';
import { Episode as EpisodeSchema } from '../schema';
import { canonicalMap, canonicalOf } from './aliases';
import { renderCast, renderEvents } from './context';
import { finishedScenes, parseEpisodeAnswer } from './episode-text';
import { mapLimit } from './pool';
import { workOf } from './progress';
import type { Run } from './run';
import type { Bible, ChunkSummary, Outline, OutlineEpisode } from './schemas';
import { CHECKPOINT_PREFIX, piece } from './store';

const MAX_CAST = 8;
/** Episode prompts carry a short description per character: the bible itself is not resent in full. */
const CAST_NOTE = 60;

/** The events and quotes an episode adapts: a chapter shared by k episodes gives each its k-th share. */
export function eventsFor(ep: OutlineEpisode, outline: Outline, summaries: readonly ChunkSummary[]) {
  const byChapter = new Map<number, { events: string[]; quotes: { speaker: string; line: string }[] }>();
  for (const s of summaries)
    for (const c of s.chapters) {
      const had = byChapter.get(c.number) ?? { events: [], quotes: [] };
      byChapter.set(c.number, { events: [...had.events, ...c.events], quotes: [...had.quotes, ...c.quotes] });
    }
  return ep.chapters.map((n) => {
    const sharing = outline.episodes.filter((e) => e.chapters.includes(n)).map((e) => e.number);
    const k = sharing.indexOf(ep.number);
    const m = sharing.length;
    const all = byChapter.get(n) ?? { events: [], quotes: [] };
    const slice = <T>(xs: T[]) =>
      m <= 1 ? xs : xs.slice(Math.floor((xs.length * k) / m), Math.max(Math.floor((xs.length * (k + 1)) / m), 1));
    return { chapter: n, events: slice(all.events), quotes: slice(all.quotes) };
  });
}

export function castFor(text: string, characters: readonly Character[]): Character[] {
  const present = characters.filter((c) => [c.name, ...c.aliases].some((f) => f && text.includes(f)));
  const lead = characters.filter((c) => c.role === 'protagonist');
  return [...new Set([...lead, ...present])].slice(0, MAX_CAST);
}

/** Speakers and cast lists use the bible's names; a speaker is always in the scene's cast. */
export function normalizeScenes(scenes: readonly Scene[], characters: readonly Character[]): Scene[] {
  const map = canonicalMap(characters);
  const fix = (n: string) => canonicalOf(map, n) ?? n;
  return scenes.map((s, i) => {
    const lines = s.lines.map((l) => (l.character ? { ...l, character: fix(l.character) } : l));
    const speakers = lines.map((l) => l.character).filter((c): c is string => Boolean(c));
    return { ...s, number: i + 1, lines, characters: [...new Set([...s.characters.map(fix), ...speakers])] };
  });
}

export const episodeWork = (contextTokens: number, episodeLength: number) =>
  workOf(contextTokens + 900, episodeLength * 1.4);

function episodeInput(
  run: Run,
  ep: OutlineEpisode,
  outline: Outline,
  summaries: readonly ChunkSummary[],
  bible: Bible,
) {
  const events = eventsFor(ep, outline, summaries);
  const eventsText = renderEvents(events);
  const cast = castFor(`${eventsText}${ep.summary}${ep.hook}`, bible.characters);
  const input = {
    title: run.title,
    number: ep.number,
    total: outline.episodes.length,
    episode: JSON.stringify(ep),
    previousHook: outline.episodes[ep.number - 2]?.hook ?? '',
    nextSummary: outline.episodes[ep.number]?.summary ?? '',
    events: eventsText,
    characters: renderCast(
      cast.map((c) => ({ name: c.name, aliases: c.aliases, description: c.description.slice(0, CAST_NOTE) })),
    ),
    episodeLength: run.episodeLength,
    style: run.style,
  };
  return { input, tokens: estimateTokens(input.events + input.characters + input.episode) };
}

export function planScript(run: Run, outline: Outline, summaries: readonly ChunkSummary[], bible: Bible): number {
  return outline.episodes.reduce(
    (s, ep) => s + episodeWork(episodeInput(run, ep, outline, summaries, bible).tokens, run.episodeLength),
    0,
  );
}

async function writeEpisode(
  run: Run,
  ep: OutlineEpisode,
  outline: Outline,
  summaries: readonly ChunkSummary[],
  bible: Bible,
): Promise<{ value: Episode; fresh: boolean; tokens: number }> {
  const { input, tokens } = episodeInput(run, ep, outline, summaries, bible);
  const key = `episode:${ep.number}`;
  const made = await piece(run.ctx, run.meter, key, EpisodeSchema, async (m) => {
    let shown = 0;
    let saving: Promise<void> = Promise.resolve();
    const model = run.session.model;
    const parsed = await run.session.ask(
      {
        step: 'episode',
        ...run.prompts.episode(input),
        format: { kind: 'text', parse: (t) => parseEpisodeAnswer(t, run.output, { minScenes: 3, maxScenes: 5 }) },
        maxTokens: model.reasoning ? model.max_output : Math.ceil(run.episodeLength * 3 + 600),
        temperature: 0.8,
        onContent: (text) => {
          const scenes = finishedScenes(text, run.output);
          if (scenes.length <= shown) return;
          shown = scenes.length;
          const partial = { number: ep.number, title: ep.title, scenes: normalizeScenes(scenes, bible.characters) };
          // Best effort: a failed partial write only delays what the page shows; the final save reports errors.
          saving = saving.then(() =>
            run.ctx.checkpoint.save(CHECKPOINT_PREFIX + key, { partial }).catch(() => undefined),
          );
        },
      },
      m,
    );
    await saving;
    return EpisodeSchema.parse({
      number: ep.number,
      title: ep.title || parsed.title || String(ep.number),
      summary: ep.summary,
      hook: parsed.hook || ep.hook,
      chapters: ep.chapters,
      scenes: normalizeScenes(parsed.scenes, bible.characters),
    });
  });
  return { ...made, tokens };
}

export async function writeEpisodes(
  run: Run,
  outline: Outline,
  summaries: readonly ChunkSummary[],
  bible: Bible,
): Promise<Episode[]> {
  const total = outline.episodes.length;
  let finished = 0;
  await run.progress.enter('script', 1, total);
  return mapLimit(outline.episodes, run.concurrency, run.ctx.signal, async (ep) => {
    const { value, fresh, tokens } = await writeEpisode(run, ep, outline, summaries, bible);
    finished++;
    await run.progress.enter('script', Math.min(total, finished + 1), total);
    await run.progress.finish(episodeWork(tokens, run.episodeLength), fresh);
    return value;
  });
}
