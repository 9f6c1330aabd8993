// 分集节拍表 (planning, arc by arc): from the arc's reading notes (trimmed by importance to the
// budget), the bible so far and the season's pacing, the model writes each episode's beat sheet —
// opening hook, conflict, 爽点, key event ids, 3–5 scene beats, 卡点 — and adds the arc's new
// characters and locations to the bible. An answer short of episodes is told so once; what is
// still missing is planned again from the events not yet used (never padded by copying).
import { createHash } from 'node:crypto';
import { estimateTokens } from '../../llm/tokens';
import type { UsageMeter } from '../../llm/usage';
import type { Arc, EpisodeRole } from './arcs';
import { type Bible, renderCharacter, renderLocation } from './bible';
import { inputRoom, keepWithin, takeWithin } from './budget';
import { type ChapterBook, dependents, type Event, renderEvent } from './notes';
import type { Run } from './run';
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
  const allowed = new Set(r.events.map((e) => e.id));
  const heads = r.books.map((b) => `#${b.number} ${b.title}`);
  const changes = r.books.flatMap((b) => b.changes.map((c) => `~ ${c.character}: ${c.change}`));
  const fixed = estimateTokens([...people, ...places, ...heads].join('\n')) + 200;
  const keptChanges = takeWithin(changes, Math.floor((room - fixed) * 0.1));
  const deps = dependents(r.events);
  const lines = r.events.map((e) => renderEvent(e));
  const { kept, dropped } = keepWithin(
    r.events.map((e, i) => ({
      importance: e.importance,
      dependents: deps.get(e.id) ?? 0,
      tokens: estimateTokens(lines[i] ?? '') + 1,
    })),
    room - fixed - estimateTokens(keptChanges.join('\n')),
  );
  const keptIds = new Set(kept.map((i) => r.events[i]?.id).filter((id): id is string => !!id));
  const notes = r.books.flatMap((b) => [
    `#${b.number} ${b.title}`,
    ...b.events.filter((e) => allowed.has(e.id) && keptIds.has(e.id)).map(renderEvent),
    ...keptChanges.filter((l) => b.changes.some((c) => l === `~ ${c.character}: ${c.change}`)),
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
    locations: places.join('\n'),
    previous: r.previous ? `${r.previous.number}. ${r.previous.title} — 【${r.previous.hook}】` : '',
    notes: notes.join('\n'),
    episodeLength: run.episodeLength,
    style: run.style,
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
  const { input, output, kept } = planInput(run, r);
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

/** Beat sheets for episodes from..to; a short answer's remainder is planned from the events it left. */
async function planRange(run: Run, meter: UsageMeter, r: PlanRequest, depth = 0): Promise<ArcPlan> {
  const got = await askPlan(run, meter, r);
  const known = new Set(r.events.map((e) => e.id));
  const k = r.to - r.from + 1;
  const episodes = got.episodes.slice(0, k).map((e, i) => ({
    ...e,
    number: r.from + i,
    events: e.events.filter((id) => known.has(id)),
    scenes: e.scenes.map((s) => ({ ...s, events: s.events.filter((id) => known.has(id)) })),
  }));
  if (episodes.length >= k || depth >= k) return { ...got, episodes };
  // re-plan the missing episodes from the events after the last one used
  const order = new Map(r.events.map((e, i) => [e.id, i]));
  const lastUsed = Math.max(-1, ...episodes.flatMap((e) => e.events.map((id) => order.get(id) ?? -1)));
  const rest = r.events.slice(lastUsed + 1);
  const more = await planRange(
    run,
    meter,
    {
      ...r,
      from: r.from + episodes.length,
      events: rest.length ? rest : r.events.slice(-Math.max(1, Math.ceil(r.events.length / k))),
      previous: episodes[episodes.length - 1] ?? r.previous,
    },
    depth + 1,
  );
  return {
    logline: more.logline || got.logline,
    characters: [...got.characters, ...more.characters],
    locations: [...got.locations, ...more.locations],
    episodes: [...episodes, ...more.episodes],
  };
}

/** The arc's plan (checkpointed). */
export async function planArc(run: Run, r: PlanRequest): Promise<{ plan: ArcPlan; fresh: boolean }> {
  const id = createHash('sha256')
    .update(r.events.map((e) => e.id + e.text).join('|'))
    .digest('hex')
    .slice(0, 12);
  const { value, fresh } = await piece(run.ctx, run.stageMeter('plan'), `plan:${r.from}-${r.to}:${id}`, ArcPlan, (m) =>
    planRange(run, m, r),
  );
  // the bible grows from this plan in the engine, also when the plan is loaded from a checkpoint
  return { plan: value, fresh };
}
