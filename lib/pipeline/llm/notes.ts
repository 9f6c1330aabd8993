// Reading notes after the model: checked against the source (hallucination-aware, after R²) and
// assembled per chapter. ¶ ids outside the chunk are dropped, quotes that are not verbatim in the
// source are dropped and counted, event ids become `<chapter>.<k>` with their cause links remapped.
// Rendered as compact lines for the planning and writing prompts:
//
//   #3 续优胜记略
//   [3.1 ★5] 阿Q与王胡比捉虱子，输了 (阿Q,王胡 @墙根) ¶41 ←2.4
//   > 阿Q ¶42: 这毛虫！
//   ~ 阿Q: 从得意到屈辱
import type { ChapterNotes, ChunkNotes, NoteEvent, NoteQuote } from './schemas';
import type { Chunk, Source } from './source';

export interface Event extends NoteEvent {
  chapter: number;
}

export interface ChapterBook {
  number: number;
  title: string;
  events: Event[];
  quotes: NoteQuote[];
  changes: ChapterNotes['changes'];
}

export interface NoteStats {
  droppedQuotes: number;
  unanchoredEvents: number;
}

const squash = (s: string) => s.replace(/[\s\u3000“”"「」『』‘’']/g, '');

/** Keep only what the chunk's source supports; ids stay local to the chunk (`k` within its chapter). */
export function verifyNotes(raw: ChunkNotes, chunk: Chunk, src: Source, stats: NoteStats): ChunkNotes {
  const inChunk = new Map<number, number>(); // ¶ id → chapter
  for (const p of chunk.pieces)
    for (const l of p.lines) {
      const id = Number(/^¶(\d+)/.exec(l)?.[1]);
      if (id) inChunk.set(id, p.chapter);
    }
  const chapters = raw.chapters
    .filter((c) => chunk.chapters.includes(c.number))
    .map((c) => {
      const local = new Map<string, string>();
      c.events.forEach((e, k) => {
        local.set(e.id.trim(), String(k + 1));
      });
      const events = c.events.map((e, k) => {
        const paras = [...new Set(e.paras.filter((id) => inChunk.get(id) === c.number))];
        if (paras.length === 0) stats.unanchoredEvents++;
        const causes = e.causes.map((x) => local.get(x.trim())).filter((x): x is string => !!x && Number(x) < k + 1);
        return {
          ...e,
          id: String(k + 1),
          importance: Math.min(5, Math.max(1, Math.round(e.importance))),
          paras,
          causes,
        };
      });
      const quotes = c.quotes.flatMap((q) => {
        const line = squash(q.line);
        if (!line) return [];
        const home = [q.para, ...inChunk.keys()].find(
          (id) => inChunk.get(id) === c.number && squash(src.paras[id - 1]?.text ?? '').includes(line),
        );
        if (home === undefined) {
          stats.droppedQuotes++;
          return [];
        }
        return [{ ...q, para: home }];
      });
      return { ...c, events, quotes };
    });
  return { ...raw, chapters };
}

/** One chapter's notes from its parts (in chunk order): final ids `<chapter>.<k>`, causes remapped. */
export function assembleChapter(number: number, title: string, parts: readonly ChapterNotes[]): ChapterBook {
  const events: Event[] = [];
  const quotes: NoteQuote[] = [];
  const changes: ChapterNotes['changes'] = [];
  for (const part of parts) {
    const base = events.length;
    const idOf = (local: string) => `${number}.${base + Number(local)}`;
    for (const e of part.events) events.push({ ...e, chapter: number, id: idOf(e.id), causes: e.causes.map(idOf) });
    quotes.push(...part.quotes);
    changes.push(...part.changes);
  }
  return { number, title, events, quotes, changes };
}

const one = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

export function renderEvent(e: Event): string {
  const who = e.who.length || e.place ? ` (${e.who.map(one).join(',')}${e.place ? ` @${one(e.place)}` : ''})` : '';
  const paras = e.paras.length ? ` ¶${e.paras.join(',¶')}` : '';
  const causes = e.causes.length ? ` ←${e.causes.join(',')}` : '';
  return `[${e.id} ★${e.importance}] ${one(e.text)}${who}${paras}${causes}`;
}

export const renderQuote = (q: NoteQuote) => `> ${one(q.speaker)} ¶${q.para}: ${one(q.line)}`;

/** How many events name each event as a cause. */
export function dependents(events: readonly Event[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const e of events) for (const c of e.causes) n.set(c, (n.get(c) ?? 0) + 1);
  return n;
}
