// Coalesces a run's progress reports: at most one UPDATE (+ NOTIFY) per PROGRESS_FLUSH_MS per
// task, always the latest value, stage changes recorded as events. A write that finds the run no
// longer owns the task, or a cancel request, is reported back so the run stops.
import { isDbUnavailable } from '../lib/db/errors';
import type { Stage } from '../lib/pipeline/types';
import { type ProgressEvent, type RunRef, writeProgress } from '../lib/tasks/run';

export interface ProgressCallbacks {
  onLost(): void;
  onCancelRequested(): void;
}

export class ProgressReporter {
  private pending: { progress: number; stage: Stage } | null = null;
  private events: ProgressEvent[] = [];
  private currentStage: string | null = null;
  private stageStartedAt = 0;
  private lastProgress = 0;
  private lastStage: Stage | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastFlush = 0;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly ref: RunRef,
    private readonly flushMs: number,
    private readonly callbacks: ProgressCallbacks,
  ) {}

  /** The engine's reportProgress: cheap, never blocks on the database. */
  report = (progress: number, stage: Stage): void => {
    if (this.stopped) return;
    const value = Math.max(this.lastProgress, Math.min(99, Math.floor(progress)));
    this.lastProgress = value;
    if (stage.key !== this.currentStage) {
      const now = Date.now();
      if (this.currentStage) {
        this.events.push({
          kind: 'stage_completed',
          data: { stage: this.currentStage, ms: now - this.stageStartedAt },
        });
      }
      this.events.push({ kind: 'stage_started', data: { stage: stage.key, message: stage.message, progress: value } });
      this.currentStage = stage.key;
      this.stageStartedAt = now;
    }
    this.pending = { progress: value, stage };
    this.lastStage = stage;
    this.schedule();
  };

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastFlush + this.flushMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.writing = this.writing.then(() => this.write());
    }, wait);
  }

  private async write(): Promise<void> {
    const next = this.pending;
    if (!next || this.stopped) return;
    this.pending = null;
    const events = this.events;
    this.events = [];
    this.lastFlush = Date.now();
    try {
      const res = await writeProgress(this.ref, next.progress, next.stage.key, next.stage.message, events);
      if (res === null) this.callbacks.onLost();
      else if (res.cancelRequested) this.callbacks.onCancelRequested();
    } catch (err) {
      if (!isDbUnavailable(err)) console.warn('[worker] progress write failed:', (err as Error).message);
      // Keep the newest report and its events for the next attempt.
      this.pending ??= next;
      this.events = [...events, ...this.events];
      this.schedule();
    }
  }

  /** Writes what is pending now (before the final state), then stops. */
  async finish(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.writing;
    if (this.currentStage) {
      this.events.push({
        kind: 'stage_completed',
        data: { stage: this.currentStage, ms: Date.now() - this.stageStartedAt },
      });
      this.currentStage = null;
    }
    if ((this.pending || this.events.length) && this.lastStage) {
      this.pending ??= { progress: this.lastProgress, stage: this.lastStage };
      await this.write().catch(() => undefined);
    }
    this.stopped = true;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
