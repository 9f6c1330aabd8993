// 梗概与人物 (reduce): every chunk's characters pre-merged by shared names (so the model sees
// candidates, not duplicates), the chapters' events, → logline, synopsis and the character bible,
// merged again afterwards so one person can never be two entries.
import { estimateTokens } from '../../llm/tokens';
import type { Chapter } from '../offline';
import { mergeNamed } from './aliases';
import { workOf } from './progress';
import type { Run } from './run';
import { Bible, type ChunkSummary } from './schemas';
import { piece } from './store';

interface Candidate {
  name: string;
  aliases: string[];
  description: string;
  /** Chunks the character appears in: a cheap importance signal. */
  parts: number;
}

export function candidates(summaries: readonly ChunkSummary[]): Candidate[] {
  const raw: Candidate[] = summaries.flatMap((s) =>
    s.characters.map((c) => ({ name: c.name, aliases: c.aliases, description: c.description, parts: 1 })),
  );
  const merged = mergeNamed(raw, (g) => ({
    name: mostCommonName(g),
    aliases: [],
    description: [...new Set(g.map((c) => c.description).filter(Boolean))].slice(0, 2).join(' ').slice(0, 120),
    parts: g.length,
  }));
  return merged.sort((a, b) => b.parts - a.parts);
}

function mostCommonName(g: readonly { name: string }[]): string {
  const counts = new Map<string, number>();
  for (const c of g) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? g[0]?.name ?? '';
}

/** Chapters with their events, trimmed to `perChapter` events each. */
export function chapterNotes(chapters: readonly Chapter[], summaries: readonly ChunkSummary[], perChapter: number) {
  const events = new Map<number, string[]>();
  for (const s of summaries)
    for (const c of s.chapters) events.set(c.number, [...(events.get(c.number) ?? []), ...c.events]);
  return chapters.map((c) => {
    const all = events.get(c.number) ?? [];
    // keep the beginning, the middle and the end of the chapter when trimming
    const step = all.length > perChapter ? all.length / perChapter : 1;
    const kept =
      all.length > perChapter ? Array.from({ length: perChapter }, (_, i) => all[Math.floor(i * step)] ?? '') : all;
    return { n: c.number, title: c.title, chars: c.text.length, events: kept };
  });
}

const BIBLE_OUTPUT = 2500;

export const bibleWork = (inputTokens: number) => workOf(inputTokens + 800, BIBLE_OUTPUT);

export function bibleInput(run: Run, chapters: readonly Chapter[], summaries: readonly ChunkSummary[]) {
  const people = candidates(summaries).slice(0, 60);
  const places = [...new Set(summaries.flatMap((s) => s.places))].slice(0, 40);
  const room = run.session.model.context - BIBLE_OUTPUT - 1500;
  let perChapter = 6;
  for (;;) {
    const input = {
      title: run.title,
      summaries: JSON.stringify({ characters: people, places }),
      chapters: JSON.stringify(chapterNotes(chapters, summaries, perChapter)),
    };
    const tokens = estimateTokens(input.summaries + input.chapters);
    if (tokens <= room || perChapter <= 1) return { input, tokens };
    perChapter = Math.max(1, Math.floor(perChapter / 2));
  }
}

export async function writeBible(run: Run, chapters: readonly Chapter[], summaries: readonly ChunkSummary[]) {
  await run.progress.enter('bible');
  const { input, tokens } = bibleInput(run, chapters, summaries);
  const { value, fresh } = await piece(run.ctx, run.meter, 'bible', Bible, (m) =>
    run.session.ask(
      {
        step: 'bible',
        ...run.prompts.bible(input),
        format: { kind: 'json', schema: Bible },
        maxTokens: BIBLE_OUTPUT * 2,
        temperature: 0.3,
      },
      m,
    ),
  );
  await run.progress.finish(bibleWork(tokens), fresh);
  return { ...value, characters: mergeNamed(value.characters) };
}
