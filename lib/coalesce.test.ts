import { describe, expect, it } from 'vitest';
import { InFlight } from './coalesce';

describe('in-flight coalescing', () => {
  it('one load for concurrent callers of a key, a fresh one afterwards, errors shared and not kept', async () => {
    const f = new InFlight<number>();
    let loads = 0;
    let release: (n: number) => void = () => undefined;
    const load = () => {
      loads++;
      return new Promise<number>((r) => {
        release = r;
      });
    };
    const all = Promise.all(Array.from({ length: 1000 }, () => f.get('k', load)));
    release(7);
    expect(await all).toEqual(Array(1000).fill(7));
    expect(loads).toBe(1);
    expect(f.size).toBe(0);
    await f.get('k', async () => 8).then((v) => expect(v).toBe(8));
    await expect(f.get('e', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await f.get('e', async () => 1)).toBe(1);
  });
});
