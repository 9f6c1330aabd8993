// What a run reports while it works, written at most once per PROGRESS_FLUSH_MS per task: the
// latest progress and stage, the stage events since the last write, and the checkpoints saved
// since then — all in one statement. A task that finishes within the window writes nothing here:
// its events go out with the final state. A write that finds the run no longer owns the task, or
// a cancel request, is reported back so the run stops.

import { isDbUnavailable } from '../lib/db/errors';
import { errorText, log, setLogContext } from '../lib/log';
import { metrics } from '../lib/metrics/registry';
import type { GenerateContext, Stage } from '../lib/pipeline/types';
import { type CheckpointWrite, type ProgressEvent, type RunRef, writeProgress } from '../lib/tasks/run-progress';

export interface ProgressReporterOptions {
  /** At most one write per this many ms (PROGRESS_FLUSH_MS). */
  flushMs: number;
  /** A write found that the run no longer owns the task: stop now. */
  onLost(): void;
  /** A write found a cancel request. */
  onCancelRequested(): void;
  /** What earlier attempts saved (key → value). */
  checkpoints?: Record<string, unknown>;
  /** The statement that stores one write; lib/tasks' writeProgress unless a test gives its own. */
  write?: typeof writeProgress;
}

export class ProgressReporter {
  private pending: { progress: number; stage: Stage } | null = null;
  private events: ProgressEvent[] = [];
  private readonly saved = new Map<string, unknown>();
  private unsaved = new Map<string, unknown>();
  private currentStage: string | null = null;
  private stageStartedAt = 0;
  private lastProgress = 0;
  private lastStage: Stage | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastFlush = Date.now();
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;

  private readonly flushMs: number;
  private readonly write: typeof writeProgress;

  constructor(
    private readonly ref: RunRef,
    private readonly opts: ProgressReporterOptions,
  ) {
    this.flushMs = opts.flushMs;
    this.write = opts.write ?? writeProgress;
    for (const [k, v] of Object.entries(opts.checkpoints ?? {})) this.saved.set(k, v);
  }

  /** The engine's reportProgress: cheap, never waits for the database. */
  report = (progress: number, stage: Stage): void => {
    if (this.stopped) return;
    const value = Math.max(this.lastProgress, Math.min(99, Math.floor(progress)));
    this.lastProgress = value;
    if (stage.key !== this.currentStage) {
      const now = Date.now();
      this.closeStage(now);
      this.events.push({
        kind: 'stage_started',
        data: { stage: stage.key, message: stage.message, progress: value },
        at: new Date(now).toISOString(),
      });
      this.currentStage = stage.key;
      this.stageStartedAt = now;
      setLogContext({ stage: stage.key });
      log.debug({ progress: value }, 'stage started');
    }
    this.pending = { progress: value, stage };
    this.lastStage = stage;
    this.schedule();
  };

  /** The engine's checkpoint store: reads see this run's saves at once; writes go out with progress. */
  readonly checkpoints: GenerateContext['checkpoint'] = {
    load: async (key) => (this.unsaved.has(key) ? this.unsaved.get(key) : this.saved.get(key)),
    save: async (key, value) => {
      this.unsaved.set(key, value);
      this.schedule();
    },
  };

  private closeStage(now: number): void {
    if (this.currentStage) {
      metrics.stageDuration.observe({ stage: this.currentStage }, (now - this.stageStartedAt) / 1000);
      this.events.push({
        kind: 'stage_completed',
        data: { stage: this.currentStage, ms: now - this.stageStartedAt },
        at: new Date(now).toISOString(),
      });
    }
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.lastFlush + this.flushMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.writing = this.writing.then(() => this.flush());
    }, wait);
  }

  private takeCheckpoints(): CheckpointWrite[] {
    const out = [...this.unsaved].map(([key, value]) => ({ key, value }));
    for (const [k, v] of this.unsaved) this.saved.set(k, v);
    this.unsaved = new Map();
    return out;
  }

  private async flush(): Promise<void> {
    if (this.stopped || (!this.pending && !this.unsaved.size)) return;
    const next = this.pending;
    const stage = next?.stage ?? this.lastStage;
    const events = this.events;
    const checkpoints = this.takeCheckpoints();
    this.pending = null;
    this.events = [];
    this.lastFlush = Date.now();
    try {
      const res = await this.write(this.ref, {
        progress: next?.progress ?? this.lastProgress,
        stage: stage?.key ?? null,
        message: stage?.message ?? null,
        remainingSeconds: next?.stage.estimate,
        events,
        checkpoints,
      });
      if (res === null) this.opts.onLost();
      else if (res.cancelRequested) this.opts.onCancelRequested();
    } catch (err) {
      if (!isDbUnavailable(err)) log.warn({ error: errorText(err) }, 'progress write failed');
      // Keep what was not written for the next attempt; newer reports win.
      this.pending ??= next;
      this.events = [...events, ...this.events];
      for (const { key, value } of checkpoints) if (!this.unsaved.has(key)) this.unsaved.set(key, value);
      this.schedule();
    }
  }

  /** On success: stops, and returns the stage events still to record with the final state. */
  async finish(): Promise<ProgressEvent[]> {
    this.halt();
    await this.writing;
    this.closeStage(Date.now());
    this.currentStage = null;
    const events = this.events;
    this.events = [];
    this.unsaved = new Map(); // the result supersedes them
    return events;
  }

  /**
   * Before a run ends otherwise (failed, cancelled, handed back): record where it got to — the
   * latest progress, its stage events and its checkpoints, so the page shows how far it came and
   * a retry resumes from there.
   */
  async flushAndStop(): Promise<void> {
    this.halt();
    await this.writing;
    this.closeStage(Date.now());
    this.currentStage = null;
    const checkpoints = [...this.unsaved].map(([key, value]) => ({ key, value }));
    if (!this.pending && !this.events.length && !checkpoints.length) return;
    await this.write(this.ref, {
      progress: this.lastProgress,
      stage: this.lastStage?.key ?? null,
      message: this.lastStage?.message ?? null,
      events: this.events,
      checkpoints,
    });
    // Only once stored: a failed write is retried by the caller with everything still here.
    this.pending = null;
    this.events = [];
    this.unsaved = new Map();
  }

  private halt(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
