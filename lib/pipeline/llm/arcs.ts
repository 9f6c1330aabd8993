// Arcs and the season plan, before any model call: episodes are apportioned to chapters by size,
// and consecutive chapters are grouped into arcs of a few episodes. Each arc is planned (beat
// sheets) as soon as its chapters are read, so the first episodes are written while later
// chapters are still being read. The season's pacing — opening hook, a payoff every episode, the
// strongest 卡点 at arc ends and the midpoint, a finale — is given to every arc's planner.

export interface Arc {
  index: number;
  chapters: number[];
  /** Episode numbers, consecutive. */
  episodes: number[];
}

export type EpisodeRole = 'opening' | 'rising' | 'midpoint' | 'arc_end' | 'finale';

/** The first arc is one episode, so the first scene comes early; later arcs hold about this many. */
const FIRST_ARC = 1;
const ARC = 3;

/** Chapters (with their size) → arcs covering `count` episodes, every chapter in exactly one arc. */
export function planArcs(chapters: readonly { number: number; units: number }[], count: number): Arc[] {
  const total = chapters.reduce((s, c) => s + Math.max(1, c.units), 0);
  const arcs: Arc[] = [];
  let cum = 0;
  let start = 0; // first episode index (0-based) of the open arc
  let open: number[] = [];
  chapters.forEach((c, i) => {
    cum += Math.max(1, c.units);
    open.push(c.number);
    const end = i === chapters.length - 1 ? count : Math.min(count, Math.round((cum / total) * count));
    const want = arcs.length === 0 ? FIRST_ARC : ARC;
    if (end - start >= Math.min(want, count - start) && end > start) {
      arcs.push({ index: arcs.length + 1, chapters: open, episodes: range(start + 1, end) });
      open = [];
      start = end;
    }
  });
  const last = arcs[arcs.length - 1];
  if (open.length && last) last.chapters.push(...open);
  if (last && start < count) last.episodes.push(...range(start + 1, count));
  if (arcs.length === 0) arcs.push({ index: 1, chapters: chapters.map((c) => c.number), episodes: range(1, count) });
  return arcs;
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** What each episode must do for the season's pacing. */
export function seasonRoles(arcs: readonly Arc[], count: number): Map<number, EpisodeRole> {
  const roles = new Map<number, EpisodeRole>();
  const opening = Math.max(1, Math.min(2, Math.ceil(count * 0.15)));
  const midpoint = Math.max(1, Math.round(count / 2));
  for (let n = 1; n <= count; n++) roles.set(n, n <= opening ? 'opening' : 'rising');
  for (const a of arcs) {
    const last = a.episodes[a.episodes.length - 1];
    if (last && last > opening) roles.set(last, 'arc_end');
  }
  if (midpoint > opening) roles.set(midpoint, 'midpoint');
  roles.set(count, 'finale');
  return roles;
}
