// Helpers shared by the offline engine's tests: fixtures and a fake GenerateContext.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GenerateContext, Stage } from '../types';

const cache = new Map<string, string>();

export type FixtureName =
  | 'a-q-zhengzhuan.zh.txt'
  | 'alice-in-wonderland.en.txt'
  | 'qingshi-town.zh.txt'
  | 'lighthouse-keeper.en.txt';

export function readFixture(name: FixtureName): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(fileURLToPath(new URL(`../../../tests/fixtures/${name}`, import.meta.url)), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export const AQ = () => readFixture('a-q-zhengzhuan.zh.txt');
export const ALICE = () => readFixture('alice-in-wonderland.en.txt');
/** First-person test novels written for the tests: a preface, numbered sections, footnotes, a one-line ending. */
export const QINGSHI = () => readFixture('qingshi-town.zh.txt');
export const LIGHTHOUSE = () => readFixture('lighthouse-keeper.en.txt');

export interface FakeContext extends GenerateContext {
  progress: { progress: number; stage: Stage }[];
  store: Map<string, unknown>;
  saves: string[];
  loads: string[];
}

/** A context that records progress and keeps checkpoints as JSON (as the database would). */
export function fakeContext(opts: { signal?: AbortSignal; store?: Map<string, unknown> } = {}): FakeContext {
  const store = opts.store ?? new Map<string, unknown>();
  const ctx: FakeContext = {
    signal: opts.signal ?? new AbortController().signal,
    progress: [],
    store,
    saves: [],
    loads: [],
    reportProgress(progress, stage) {
      ctx.progress.push({ progress, stage });
    },
    checkpoint: {
      async save(key, value) {
        ctx.saves.push(key);
        store.set(key, JSON.parse(JSON.stringify(value)));
      },
      async load(key) {
        ctx.loads.push(key);
        return store.get(key);
      },
    },
  };
  return ctx;
}
