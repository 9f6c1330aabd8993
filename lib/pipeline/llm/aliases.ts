// One person, one entry: character lists merged wherever two entries share a form (name or
// alias), plus the Chinese diminutive rule — 阿Q / 老Q / 小Q / 阿Quei share the core "Q", 老栓 /
// 阿栓 share "栓". Used before the reduce (so the model sees candidates, not duplicates) and after
// it (so a model that forgot to merge cannot split a character in two).

export interface Named {
  name: string;
  aliases: string[];
}

const ZH_PREFIX = /^[阿老小]/;

/** The distinctive core of a zh diminutive: 阿Q → Q, 阿Quei → Q, 老栓 → 栓; null otherwise. */
function core(form: string): string | null {
  if (!ZH_PREFIX.test(form)) return null;
  const rest = form.slice(1);
  if (/^[A-Z][a-z]*$/.test(rest)) return rest.charAt(0);
  if (/^[\u4e00-\u9fff]$/.test(rest)) return rest;
  return null;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Groups of indices of `items` that name the same person. */
export function sameGroups(items: readonly Named[]): number[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] ?? r;
    return r;
  };
  const union = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const owner = new Map<string, number>();
  items.forEach((it, i) => {
    for (const f of [it.name, ...it.aliases].filter(Boolean)) {
      for (const key of [`f:${norm(f)}`, core(f) ? `c:${core(f)}` : null]) {
        if (!key) continue;
        const o = owner.get(key);
        if (o === undefined) owner.set(key, i);
        else union(o, i);
      }
    }
  });
  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    groups.set(find(i), [...(groups.get(find(i)) ?? []), i]);
  });
  return [...groups.values()];
}

/**
 * Merge entries naming one person. The first entry of a group (the most important when the list
 * is ranked) gives the name; every other form becomes an alias.
 */
export function mergeNamed<T extends Named>(items: readonly T[], combine: (group: T[]) => T = (g) => g[0] as T): T[] {
  return sameGroups(items).map((idx) => {
    const group = idx.map((i) => items[i] as T);
    const merged = combine(group);
    const forms = new Set(group.flatMap((g) => [g.name, ...g.aliases]).map((f) => f.trim()));
    forms.delete(merged.name);
    return { ...merged, aliases: [...forms].filter(Boolean) };
  });
}

/** alias or name → canonical name. */
export function canonicalMap(items: readonly Named[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const it of items) for (const f of [it.name, ...it.aliases]) if (!map.has(norm(f))) map.set(norm(f), it.name);
  return map;
}

export function canonicalOf(map: Map<string, string>, name: string): string | undefined {
  return map.get(norm(name));
}
