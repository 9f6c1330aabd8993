// 分段摘要 (map): each chunk → events, quotes, characters and places per chapter, with bounded
// concurrency. A chunk whose notes do not fit the output limit is split in two and retried.
import { LlmError } from '../../llm/errors';
import { estimateTokens } from '../../llm/tokens';
import type { UsageMeter } from '../../llm/usage';
import { type Chunk, SUMMARY_RATIO, tagged } from './chunks';
import { mapLimit } from './pool';
import { workOf } from './progress';
import type { Run } from './run';
import { ChunkSummary, checkChunk } from './schemas';
import { piece } from './store';

export const chunkWork = (c: Chunk) => workOf(c.tokens + 600, c.tokens * SUMMARY_RATIO);

async function summarizeText(
  run: Run,
  meter: UsageMeter,
  c: { text: string; previous: string; chapters: number[]; pieces: Chunk['pieces'] },
  index: number,
  total: number,
  depth = 0,
): Promise<ChunkSummary> {
  const prompt = run.prompts.chunkSummary({ text: c.text, previous: c.previous, index, total });
  try {
    return await run.session.ask(
      {
        step: 'chunk_summary',
        ...prompt,
        format: { kind: 'json', schema: ChunkSummary },
        check: (s) => checkChunk(s, c.chapters),
        maxTokens: Math.max(1024, Math.ceil(estimateTokens(c.text) * SUMMARY_RATIO * 2.5)),
        temperature: 0.2,
      },
      meter,
    );
  } catch (err) {
    const cut = err instanceof LlmError && err.code === 'model_output_truncated';
    if (!cut || depth >= 2 || c.pieces.length < 2) throw err;
    // too much to note in one answer: halve the chunk (by pieces) and merge the halves' notes
    const mid = Math.ceil(c.pieces.length / 2);
    const halves = [c.pieces.slice(0, mid), c.pieces.slice(mid)].map((ps) => ({
      text: ps.map(tagged).join('\n'),
      previous: '',
      chapters: [...new Set(ps.map((p) => p.chapter))],
      pieces: ps,
    }));
    const notes = [];
    for (const h of halves) notes.push(await summarizeText(run, meter, h, index, total, depth + 1));
    return mergeSummaries(notes);
  }
}

/** Notes of several parts as one: chapters split across parts get their events concatenated. */
export function mergeSummaries(parts: readonly ChunkSummary[]): ChunkSummary {
  const chapters = new Map<number, ChunkSummary['chapters'][number]>();
  for (const p of parts)
    for (const c of p.chapters) {
      const had = chapters.get(c.number);
      chapters.set(
        c.number,
        had ? { ...had, events: [...had.events, ...c.events], quotes: [...had.quotes, ...c.quotes] } : c,
      );
    }
  return {
    chapters: [...chapters.values()].sort((a, b) => a.number - b.number),
    characters: parts.flatMap((p) => p.characters),
    places: [...new Set(parts.flatMap((p) => p.places))],
  };
}

export async function summarizeChunks(run: Run, chunks: readonly Chunk[]): Promise<ChunkSummary[]> {
  let finished = 0;
  await run.progress.enter('summarize', 1, chunks.length);
  return mapLimit(chunks, run.concurrency, run.ctx.signal, async (c) => {
    const { value, fresh } = await piece(run.ctx, run.meter, `chunk:${c.id}`, ChunkSummary, (m) =>
      summarizeText(run, m, c, c.index, chunks.length),
    );
    finished++;
    await run.progress.enter('summarize', Math.min(chunks.length, finished + 1), chunks.length);
    await run.progress.finish(chunkWork(c), fresh);
    return value;
  });
}
