// The worker's fetch loop (docs/decisions/0003): keeps up to `concurrency` jobs running. It
// fetches as many jobs as there are free slots, at once again while fetches come back full or
// after a wake-up (a NOTIFY that new jobs are ready), else after `pollMs` as a backstop; a failed
// fetch waits with backoff. On stop it fetches no more, lets running jobs finish within a grace
// period, then aborts the rest with the reason `shutdown` and waits for them.
import { errorText, log } from '../lib/log';
import { Backoff, type BackoffPolicy } from '../lib/retry/backoff';

export type StopReason = 'cancel' | 'lost' | 'shutdown';

export interface RunningJob<J> {
  job: J;
  /** Set by the runner once it knows which task the job is for (cancel signals name tasks). */
  taskId: string | null;
  controller: AbortController;
  /** Why the job was told to stop, if it was; the first reason wins. */
  why: StopReason | null;
  done: Promise<void>;
}

export interface FetchLoopOptions<J extends { id: string }> {
  concurrency: number;
  /** Up to `batchSize` jobs, or none. */
  fetch(batchSize: number): Promise<J[]>;
  /** Runs one job to its end; must settle it whatever happens (a throw is only logged). */
  run(entry: RunningJob<J>): Promise<void>;
  /** How long an idle loop waits when no wake-up comes (default 2 s). */
  pollMs?: number;
  /** Waits after failed fetches (default 250 ms doubling to 5 s). */
  backoff?: BackoffPolicy;
}

export class FetchLoop<J extends { id: string }> {
  private readonly running = new Map<string, RunningJob<J>>();
  private readonly backoff: Backoff;
  private stopping = false;
  private wakeup: (() => void) | null = null;
  /** A wake-up arrived since the last fetch. */
  private notified = false;
  private lastFetchFull = false;
  private loopDone: Promise<void> = Promise.resolve();

  constructor(private readonly opts: FetchLoopOptions<J>) {
    this.backoff = new Backoff(opts.backoff ?? { baseMs: 250, maxMs: 5_000 });
  }

  get active(): number {
    return this.running.size;
  }

  /** The jobs running now (for heartbeats). */
  jobs(): J[] {
    return [...this.running.values()].map((r) => r.job);
  }

  start(): void {
    this.loopDone = this.loop();
  }

  /** New jobs may be waiting: fetch now if a slot is free, else as soon as one frees up. */
  wake(): void {
    this.notified = true;
    if (this.running.size < this.opts.concurrency) this.signal();
  }

  /** Aborts the running job of this task, if any (a user cancelled it). */
  cancel(taskId: string): void {
    for (const r of this.running.values()) if (r.taskId === taskId) this.abort(r, 'cancel');
  }

  /** Stop fetching; wait up to `graceMs` for running jobs, then abort the rest and wait for them. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.signal();
    await this.loopDone;
    const all = () => Promise.allSettled([...this.running.values()].map((r) => r.done));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([all(), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    for (const r of this.running.values()) this.abort(r, 'shutdown');
    await all();
  }

  private abort(r: RunningJob<J>, why: StopReason): void {
    if (r.why) return;
    r.why = why;
    r.controller.abort();
  }

  private signal(): void {
    this.wakeup?.();
  }

  private async loop(): Promise<void> {
    const pollMs = this.opts.pollMs ?? 2_000;
    while (!this.stopping) {
      const free = this.opts.concurrency - this.running.size;
      if (free <= 0) {
        await this.idle(pollMs); // a finishing job signals
        continue;
      }
      this.notified = false;
      let jobs: J[];
      try {
        jobs = await this.opts.fetch(free);
        this.backoff.reset();
      } catch (err) {
        log.warn({ error: errorText(err) }, 'fetch failed');
        await this.idle(this.backoff.next());
        continue;
      }
      this.lastFetchFull = jobs.length === free;
      for (const job of jobs) this.launch(job);
      if (this.lastFetchFull || this.notified) continue;
      await this.idle(pollMs);
    }
  }

  private launch(job: J): void {
    const entry: RunningJob<J> = {
      job,
      taskId: null,
      controller: new AbortController(),
      why: null,
      done: Promise.resolve(),
    };
    this.running.set(job.id, entry);
    entry.done = this.opts
      .run(entry)
      .catch((err) => log.warn({ job_id: job.id, error: errorText(err) }, 'job ended with an error'))
      .finally(() => {
        this.running.delete(job.id);
        // A slot is free: fetch again at once if more jobs are likely waiting.
        if (this.lastFetchFull || this.notified) this.signal();
      });
  }

  /** Waits for a signal or `ms`, whichever comes first. */
  private idle(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(t);
        if (self.wakeup === done) self.wakeup = null;
        resolve();
      }
      this.wakeup = done;
    });
  }
}
