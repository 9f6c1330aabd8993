// 阅读笔记 (map over chunks): events with ids, importance, ¶ ids and cause → effect links,
// quotes with speakers, character state changes, characters and places. Degrades instead of
// failing: a chapter the answer left out is asked for alone (then in halves); a chunk whose notes
// do not fit the output limit is split in two; only what no narrower call could read is replaced
// by a plain excerpt, and that is reported in the result's warnings.
import { LlmError } from '../../llm/errors';
import type { UsageMeter } from '../../llm/usage';
import { splitSentences } from '../text/text';
import { notesOutput, takeWithin } from './budget';
import { verifyNotes } from './notes';
import { type Run, withWarnings } from './run';
import { type ChapterNotes, ChunkNotes } from './schemas';
import { type Chunk, chunkOf, type Piece } from './source';
import { piece } from './store';

/** Tokens of footnotes a reading call may carry as context (they are in the chunk's budget reserve). */
const ANNOTATIONS = 400;

async function ask(run: Run, meter: UsageMeter, chunk: Chunk, total: number, alone: boolean): Promise<ChunkNotes> {
  const annotations = takeWithin(
    run.annotations.filter((n) => n.chapter !== null && chunk.chapters.includes(n.chapter)).map((n) => n.text),
    ANNOTATIONS,
  );
  const prompt = run.prompts.notes({
    text: chunk.text,
    index: chunk.index,
    total,
    alone,
    annotations: annotations.join('\n'),
    narrator: run.narrator,
  });
  const raw = await run.slots.run(
    alone ? 1 : 2,
    () =>
      run.session.ask(
        {
          step: 'notes',
          ...prompt,
          format: { kind: 'json', schema: ChunkNotes },
          maxTokens: notesOutput(run.session.model, chunk.tokens),
          temperature: 0.2,
        },
        meter,
      ),
    run.slots.readCap,
  );
  return verifyNotes(raw, chunk, run.source, run.noteStats);
}

function halves(pieces: readonly Piece[]): Piece[][] {
  if (pieces.length >= 2) {
    const mid = Math.ceil(pieces.length / 2);
    return [pieces.slice(0, mid), pieces.slice(mid)];
  }
  const p = pieces[0];
  if (!p || p.lines.length < 2) return [];
  const mid = Math.ceil(p.lines.length / 2);
  return [[{ ...p, lines: p.lines.slice(0, mid) }], [{ ...p, lines: p.lines.slice(mid) }]];
}

/** Notes of several parts as one: a chapter in two parts keeps both parts' entries, in order. */
export function mergeNotes(parts: readonly ChunkNotes[]): ChunkNotes {
  return {
    chapters: parts.flatMap((p) => p.chapters),
    characters: parts.flatMap((p) => p.characters),
    places: [...new Set(parts.flatMap((p) => p.places))],
  };
}

/** Notes no model answer gave: the chapter's opening sentences as low-importance events. */
function excerptNotes(run: Run, pieces: readonly Piece[]): ChapterNotes[] {
  return pieces.map((p) => {
    const events = p.lines.slice(0, 6).map((l, k) => {
      const para = Number(/^¶(\d+)/.exec(l)?.[1]);
      const text = splitSentences(l.replace(/^¶\d+\s*/, ''), run.output)[0] ?? l;
      return { id: String(k + 1), text, importance: 2, who: [], place: '', paras: [para], causes: [] };
    });
    return { number: p.chapter, events, quotes: [], changes: [] };
  });
}

async function readParts(run: Run, meter: UsageMeter, chunk: Chunk, total: number, depth: number): Promise<ChunkNotes> {
  let notes: ChunkNotes;
  try {
    notes = await ask(run, meter, chunk, total, depth > 0);
  } catch (err) {
    const cut =
      err instanceof LlmError && (err.code === 'model_output_truncated' || err.code === 'model_output_invalid');
    const parts = halves(chunk.pieces);
    if (!cut || depth >= 3 || parts.length === 0) throw err;
    const read = [];
    for (const h of parts) read.push(await readParts(run, meter, chunkOf(h, chunk.index, 'part'), total, depth + 1));
    return mergeNotes(read);
  }
  // chapters the answer left out: each asked for alone, then in halves, then an excerpt (flagged)
  const got = new Set(notes.chapters.map((c) => c.number));
  const missing = chunk.pieces.filter((p) => !got.has(p.chapter));
  if (missing.length === 0) return notes;
  const extra: ChunkNotes[] = [];
  for (const p of missing) {
    if (chunk.pieces.length > 1 || depth === 0) {
      extra.push(await readParts(run, meter, chunkOf([p], chunk.index, 'alone'), total, depth + 1));
      continue;
    }
    const parts = halves([p]);
    if (depth < 2 && parts.length > 0) {
      for (const h of parts) extra.push(await readParts(run, meter, chunkOf(h, chunk.index, 'half'), total, depth + 1));
      continue;
    }
    run.warn('chapterExcerpt', p.chapter);
    extra.push({ chapters: excerptNotes(run, [p]), characters: [], places: [] });
  }
  const merged = mergeNotes([notes, ...extra]);
  // keep chunk order: a chapter's entries in the order of its pieces
  const order = new Map(chunk.pieces.map((p, i) => [p.chapter, i]));
  merged.chapters.sort((a, b) => (order.get(a.number) ?? 0) - (order.get(b.number) ?? 0));
  return merged;
}

/** One chunk's verified notes (checkpointed). */
export async function readChunk(run: Run, chunk: Chunk, total: number): Promise<{ notes: ChunkNotes; fresh: boolean }> {
  const { value, fresh, warnings } = await piece(
    run.ctx,
    run.stageMeter('read'),
    `notes:${chunk.id}`,
    ChunkNotes,
    (m, w) => readParts(withWarnings(run, w), m, chunk, total, 0),
  );
  run.warnings.push(...warnings);
  return { notes: value, fresh };
}
