import { describe, expect, it } from 'vitest';
import { planArcs, seasonRoles } from './arcs';
import { Slots } from './slots';

describe('slots', () => {
  it('never run more than the limit, and serve waiting work by priority', async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const job = (name: string, p: number) =>
      slots.run(p, async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(name);
        await new Promise<void>((r) => gates.push(r));
        running--;
      });
    const all = [job('a', 5), job('b', 5), job('late-low', 9), job('late-high', 0), job('mid', 3)];
    await new Promise((r) => setTimeout(r, 5));
    while (gates.length) {
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(all);
    expect(peak).toBe(2);
    expect(order).toEqual(['a', 'b', 'late-high', 'mid', 'late-low']);
  });
});

describe('arcs', () => {
  it('cover every chapter once and every episode once, the first arc small', () => {
    for (const [chapters, count] of [
      [9, 10],
      [12, 8],
      [300, 10],
      [300, 80],
      [1, 6],
      [5, 3],
    ] as const) {
      const cs = Array.from({ length: chapters }, (_, i) => ({ number: i + 1, units: 1000 + ((i * 7919) % 3000) }));
      const arcs = planArcs(cs, count);
      expect(arcs.flatMap((a) => a.chapters)).toEqual(cs.map((c) => c.number));
      expect(arcs.flatMap((a) => a.episodes)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      for (const a of arcs) expect(a.episodes.length).toBeGreaterThan(0);
      if (count >= 4 && chapters >= count) expect(arcs[0]?.episodes.length).toBeLessThanOrEqual(3);
      const roles = seasonRoles(arcs, count);
      expect(roles.get(1)).toBe('opening');
      expect(roles.get(count)).toBe('finale');
    }
  });
});
