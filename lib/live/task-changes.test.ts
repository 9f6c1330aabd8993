import { describe, expect, it } from 'vitest';
import { TaskChanges } from './task-changes';

describe('task changes', () => {
  it('says whether a task changed after a stamp, conservatively once forgotten or after all()', () => {
    const c = new TaskChanges(2);
    const s0 = c.stamp();
    expect(c.since('a', s0)).toBe(false);
    expect(c.since('a', -1)).toBe(true);
    c.changed('a');
    expect(c.since('a', s0)).toBe(true);
    expect(c.since('b', s0)).toBe(false);
    const s1 = c.stamp();
    expect(c.since('a', s1)).toBe(false);
    c.changed('b');
    c.changed('c'); // 'a' is forgotten: unknown tasks count as changed at its number
    expect(c.since('zzz', s0)).toBe(true);
    expect(c.since('zzz', s1)).toBe(false);
    const s2 = c.stamp();
    c.all();
    expect(c.since('c', s2)).toBe(true);
    expect(c.since('zzz', s2)).toBe(true);
  });
});
