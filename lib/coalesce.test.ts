import { describe, expect, it } from 'vitest';
import { InFlight, Recent } from './coalesce';

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

describe('recent answers', () => {
  it('kept for keepMs, shared while in flight, errors not kept, clear() forgets', async () => {
    const r = new Recent<number>(50);
    let loads = 0;
    const load = async () => ++loads;
    expect(await Promise.all([r.get('k', load), r.get('k', load)])).toEqual([1, 1]);
    expect(await r.get('k', load)).toBe(1);
    expect(loads).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await r.get('k', load)).toBe(2);
    r.clear();
    expect(await r.get('k', load)).toBe(3);
    await expect(r.get('e', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await r.get('e', async () => 9)).toBe(9);
    // a kept answer no longer fresh is loaded again
    expect(
      await r.get(
        'e',
        async () => 10,
        (v) => v !== 9,
      ),
    ).toBe(10);
    // a lookup in flight across clear() answers its caller but is not kept
    let release: (n: number) => void = () => undefined;
    const pending = r.get('p', () => new Promise<number>((resolve) => (release = resolve)));
    r.clear();
    release(4);
    expect(await pending).toBe(4);
    expect(await r.get('p', async () => 5)).toBe(5);
  });
});
