// 分集节拍表 (planning, arc by arc): from the arc's reading notes (trimmed by importance to the
// budget), the bible so far and the season's pacing, the model writes each episode's beat sheet —
// opening hook, conflict, 爽点, key event ids, 3–5 scene beats, 卡点 — and adds the arc's new
// characters and locations to the bible. An answer short of episodes is told so once; if it is
// still short, the range is planned again in narrower halves (never padded by copying).
import { createHash } from 'node:crypto';
import { estimateTokens } from '../../llm/tokens';
import type { UsageMeter } from '../../llm/usage';
import { canonicalMap, canonicalOf } from './aliases';
import type { Arc, EpisodeRole } from './arcs';
import { type Bible, renderCharacter, renderLocation } from './bible';
import { inputRoom, keepWithin, takeWithin } from './budget';
import { type ChapterBook, dependents, type Event, renderEvent } from './notes';
import { type Run, withWarnings } from './run';
import { ArcPlan, type BeatSheet } from './schemas';
import { piece } from './store';

/** Answer tokens per beat sheet, plus the bible additions. */
const SHEET_OUTPUT = 450;
const BIBLE_OUTPUT = 900;

export const planOutput = (episodes: number) => episodes * SHEET_OUTPUT + BIBLE_OUTPUT;

export interface PlanRequest {
  arc: Arc;
  from: number;
  to: number;
  books: ChapterBook[];
  /** Only these events may be planned (all of the arc's, or what a short answer left). */
  events: Event[];
  bible: Bible;
  previous: BeatSheet | undefined;
  roles: Map<number, EpisodeRole>;
  total: number;
  /** People the reading notes of these chapters name (aliases merged), most mentioned first. */
  people?: { name: string; aliases: string[]; description: string }[];
}

/** The plan prompt's data within the budget; `dropped` events did not fit (least important first). */
export function planInput(run: Run, r: PlanRequest) {
  const output = planOutput(r.to - r.from + 1);
  const room = inputRoom(run.session.model, output);
  const people = takeWithin(
    r.bible.characters.map((c) => renderCharacter(c, false)),
    Math.floor(room * 0.2),
  );
  const places = takeWithin(r.bible.locations.map(renderLocation), Math.floor(room * 0.05));
  const map = canonicalMap(r.bible.characters);
  const candidates = takeWithin(
    (r.people ?? [])
      .filter((c) => ![c.name, ...c.aliases].some((f) => canonicalOf(map, f)))
      .map((c) => [c.name, c.aliases.join(' / '), c.description.replace(/\s+/g, ' ').slice(0, 40)].join(' | ')),
    Math.floor(room * 0.08),
  );
  const allowed = new Set(r.events.map((e) => e.id));
  const heads = r.books.map((b) => `#${b.number} ${b.title}`);
  const changes = r.books.flatMap((b) =>
    b.changes.map((c) => ({ book: b.number, line: `~ ${c.character}: ${c.change}` })),
  );
  const fixed = estimateTokens([...people, ...places, ...heads, ...candidates].join('\n')) + 200;
  const keptChanges = changes.slice(
    0,
    takeWithin(
      changes.map((c) => c.line),
      Math.floor((room - fixed) * 0.1),
    ).length,
  );
  const deps = dependents(r.events);
  const lines = r.events.map((e) => renderEvent(e));
  const { kept, dropped } = keepWithin(
    r.events.map((e, i) => ({
      importance: e.importance,
      dependents: deps.get(e.id) ?? 0,
      tokens: estimateTokens(lines[i] ?? '') + 1,
    })),
    room - fixed - estimateTokens(keptChanges.map((c) => c.line).join('\n')),
  );
  const keptIds = new Set(kept.map((i) => r.events[i]?.id).filter((id): id is string => !!id));
  const notes = r.books.flatMap((b) => [
    `#${b.number} ${b.title}`,
    ...b.events.filter((e) => allowed.has(e.id) && keptIds.has(e.id)).map(renderEvent),
    ...keptChanges.filter((c) => c.book === b.number).map((c) => c.line),
  ]);
  const season = [];
  for (let n = r.from; n <= r.to; n++) season.push(`${n}: ${r.roles.get(n) ?? 'rising'}`);
  const input = {
    title: run.title,
    from: r.from,
    to: r.to,
    total: r.total,
    season: season.join('\n'),
    characters: people.join('\n'),
    candidates: candidates.join('\n'),
    locations: places.join('\n'),
    previous: r.previous ? `${r.previous.number}. ${r.previous.title} — 【${r.previous.hook}】` : '',
    notes: notes.join('\n'),
    episodeLength: run.episodeLength,
    style: run.style,
    narrator: run.narrator,
  };
  return { input, output, dropped, kept: keptIds };
}

/** What is wrong with a plan for episodes from..to, or null. */
export function checkPlan(p: ArcPlan, from: number, to: number, known: ReadonlySet<string>, must: readonly string[]) {
  const k = to - from + 1;
  if (p.episodes.length !== k)
    return `"episodes" must hold exactly ${k} beat sheets (episodes ${from}–${to}), not ${p.episodes.length}`;
  const bad = p.episodes.filter((e, i) => e.number !== from + i);
  if (bad.length) return `number the episodes ${from}, ${from + 1}, … in order`;
  const scenes = p.episodes.filter((e) => e.scenes.length < 3 || e.scenes.length > 5).map((e) => e.number);
  if (scenes.length) return `episodes ${scenes.join(', ')} need 3–5 scene beats`;
  const unknown = [...new Set(p.episodes.flatMap((e) => e.events).filter((id) => !known.has(id)))];
  if (unknown.length) return `event ids ${unknown.slice(0, 8).join(', ')} are not in <notes>`;
  const used = new Set(p.episodes.flatMap((e) => e.events));
  const missing = must.filter((id) => !used.has(id));
  if (missing.length) return `the key events ${missing.slice(0, 8).join(', ')} (★4–5) are in no episode`;
  return null;
}

async function askPlan(run: Run, meter: UsageMeter, r: PlanRequest): Promise<ArcPlan> {
  const { input, output, kept, dropped } = planInput(run, r);
  if (dropped) run.warn('droppedEvents', dropped);
  const must = r.events.filter((e) => e.importance >= 4 && kept.has(e.id)).map((e) => e.id);
  return run.slots.run(0, () =>
    run.session.ask(
      {
        step: 'plan',
        ...run.prompts.plan(input),
        format: { kind: 'json', schema: ArcPlan },
        check: (p) => checkPlan(p, r.from, r.to, kept, must),
        lenient: true,
        maxRepairs: 1,
        maxTokens: output,
        temperature: 0.4,
      },
      meter,
    ),
  );
}

/**
 * Beat sheets for episodes from..to. An answer still short of episodes after being told is not
 * padded: the range is planned again in two narrower halves, each with its share of the events.
 */
async function planRange(run: Run, meter: UsageMeter, r: PlanRequest): Promise<ArcPlan> {
  const got = await askPlan(run, meter, r);
  const known = new Set(r.events.map((e) => e.id));
  const k = r.to - r.from + 1;
  const episodes = got.episodes.slice(0, k).map((e, i) => ({
    ...e,
    number: r.from + i,
    events: e.events.filter((id) => known.has(id)),
    scenes: e.scenes.map((s) => ({ ...s, events: s.events.filter((id) => known.has(id)) })),
  }));
  if (episodes.length >= k || k < 2) return { ...got, episodes };
  const mid = Math.ceil(k / 2);
  const cut = Math.max(1, Math.round((r.events.length * mid) / k));
  const first = await planRange(run, meter, { ...r, to: r.from + mid - 1, events: r.events.slice(0, cut) });
  const second = await planRange(run, meter, {
    ...r,
    from: r.from + mid,
    events: r.events.slice(cut).length ? r.events.slice(cut) : r.events.slice(-1),
    previous: first.episodes[first.episodes.length - 1] ?? r.previous,
  });
  return {
    logline: second.logline || first.logline || got.logline,
    characters: [...got.characters, ...first.characters, ...second.characters],
    locations: [...got.locations, ...first.locations, ...second.locations],
    episodes: [...first.episodes, ...second.episodes],
  };
}

/** The arc's plan (checkpointed). */
export async function planArc(run: Run, r: PlanRequest): Promise<{ plan: ArcPlan; fresh: boolean }> {
  const id = createHash('sha256')
    .update(r.events.map((e) => e.id + e.text).join('|'))
    .digest('hex')
    .slice(0, 12);
  const { value, fresh, warnings } = await piece(
    run.ctx,
    run.stageMeter('plan'),
    `plan:${r.from}-${r.to}:${id}`,
    ArcPlan,
    (m, w) => planRange(withWarnings(run, w), m, r),
  );
  run.warnings.push(...warnings);
  // the bible grows from this plan in the engine, also when the plan is loaded from a checkpoint
  return { plan: value, fresh };
}
