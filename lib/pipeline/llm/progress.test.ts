// The progress bar and the time-left estimate, on a clock the test moves: the bar follows
// finished work (checkpoints included), the stage shown only moves forward, and the estimate comes
// from this attempt's own pace — never from pieces loaded from a checkpoint.
import { describe, expect, it } from 'vitest';
import { fakeContext } from '../offline/test-support';
import { promptsFor } from '../prompts';
import { Progress } from './progress';

function setup() {
  let t = 1_000_000;
  const ctx = fakeContext();
  const progress = new Progress(ctx, promptsFor('zh'), () => t);
  return { ctx, progress, advance: (ms: number) => (t += ms), last: () => ctx.progress[ctx.progress.length - 1] };
}

describe('Progress', () => {
  it('gives no estimate before there is a pace, then the time left at this attempt’s pace', async () => {
    const { progress, advance, last } = setup();
    progress.plan(100);
    await progress.enter('summarize');
    expect(last()?.stage.estimate).toBeUndefined();
    advance(100);
    await progress.finish(10, true);
    // 0.1 s is too short to judge a pace by
    expect(last()?.stage.estimate).toBeUndefined();
    advance(1900);
    await progress.finish(10, true);
    // 20 units in 2 s, 80 left: 8 s
    expect(last()?.stage.estimate).toBe(8);
    expect(last()?.progress).toBe(Math.floor(2 + 95 * 0.2));
  });

  it('moves the bar for checkpointed pieces but does not count them in the pace', async () => {
    const { progress, advance, last } = setup();
    progress.plan(100);
    await progress.finish(50, false);
    expect(last()?.progress).toBe(Math.floor(2 + 95 * 0.5));
    advance(5000);
    await progress.report();
    // nothing made by this attempt yet: no pace
    expect(last()?.stage.estimate).toBeUndefined();
    await progress.finish(10, true);
    // 10 units in 5 s, 40 left: 20 s (counting the 50 loaded ones would say 4 s)
    expect(last()?.stage.estimate).toBe(20);
  });

  it('never shows an earlier stage once a later one is entered, and settles at the top', async () => {
    const { ctx, progress } = setup();
    progress.plan(10);
    await progress.enter('script', 1, 3);
    await progress.enter('summarize');
    expect(ctx.progress.map((p) => p.stage.key)).toEqual(['script', 'script']);
    expect(ctx.progress[0]?.stage.message).toMatch(/撰写分场剧本/);
    await progress.finish(4, true);
    progress.settle();
    await progress.report();
    expect(ctx.progress[ctx.progress.length - 1]?.progress).toBe(97);
  });
});
