// Progress that follows the real work: each piece (chunk notes, arc plan, episode) weighs its
// expected model time — prompt tokens are read ~20× faster than completion tokens are written —
// and finished pieces (also those loaded from checkpoints) move the bar. The remaining time is
// re-estimated from this attempt's own pace.

import type { LlmStageKey, PromptSet } from '../prompts';
import type { GenerateContext } from '../types';

export const workOf = (promptTokens: number, completionTokens: number) => promptTokens / 20 + completionTokens;

const ORDER: readonly LlmStageKey[] = ['parse', 'summarize', 'outline', 'script', 'check'];
const FROM = 2;
const TO = 97;

export class Progress {
  private total = 0;
  private done = 0;
  private doneThisRun = 0;
  private readonly started: number;
  private stage: { key: LlmStageKey; n?: number | undefined; t?: number | undefined } = { key: 'parse' };

  constructor(
    private readonly ctx: GenerateContext,
    private readonly prompts: PromptSet,
    /** The clock the pace is measured by (tests pass their own). */
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  plan(units: number): void {
    this.total += Math.max(0, units);
  }

  /** Seconds left at this attempt's pace, once there is a pace to go by. */
  private estimate(): number | undefined {
    const elapsed = (this.now() - this.started) / 1000;
    if (this.doneThisRun <= 0 || elapsed < 0.2) return undefined;
    return Math.ceil(((this.total - this.done) * elapsed) / this.doneThisRun);
  }

  /** Stages overlap (later chapters are read while the first episodes are written): the stage shown only moves forward. */
  async enter(key: LlmStageKey, n?: number, t?: number): Promise<void> {
    if (ORDER.indexOf(key) >= ORDER.indexOf(this.stage.key)) this.stage = { key, n, t };
    await this.report();
  }

  /** A piece is finished; `fresh` when this attempt made it (not loaded from a checkpoint). */
  async finish(units: number, fresh: boolean): Promise<void> {
    this.done = Math.min(this.total, this.done + units);
    if (fresh) this.doneThisRun += units;
    await this.report();
  }

  /** Every planned piece is done (the plan's estimates never match the real work exactly). */
  settle(): void {
    this.done = this.total;
  }

  async report(): Promise<void> {
    const share = this.total > 0 ? this.done / this.total : 0;
    const progress = Math.floor(FROM + (TO - FROM) * share);
    const message = this.prompts.stage(this.stage.key, this.stage.n, this.stage.t);
    const estimate = this.estimate();
    await this.ctx.reportProgress(progress, {
      key: this.stage.key,
      message,
      ...(estimate === undefined ? {} : { estimate }),
    });
  }
}
