// A worker process: fetches generate-script jobs as fast as slots free up (woken by NOTIFY, with
// a slow poll as a backstop), runs up to WORKER_CONCURRENCY at once, heartbeats its jobs and its
// own row, runs maintenance, and on stop hands unfinished tasks back within a grace period.
import { hostname } from 'node:os';
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import { env } from '../lib/env';
import { CHANNELS } from '../lib/live/channels';
import type { LiveHub } from '../lib/live/hub';
import { queues } from '../lib/queue/registry';
import { recordHeartbeat, removeWorker } from '../lib/queue/workers';
import { Backoff } from '../lib/retry/backoff';
import { runMaintenance } from './maintenance';
import { type RunningJob, runJob } from './run-job';
import { JobSettler } from './settler';

const QUEUE = queues.generateScript.name;
const POLL_MS = 2_000;

export interface WorkerOptions {
  concurrency: number;
  id?: string;
}

export class Worker {
  readonly id: string;
  private readonly running = new Map<string, RunningJob>();
  private stopping = false;
  private wakeup: (() => void) | null = null;
  /** A NOTIFY arrived since the last fetch. */
  private notified = false;
  private lastFetchFull = false;
  private loopDone: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private unsubscribers: (() => void)[] = [];
  private readonly settler: JobSettler;

  constructor(
    private readonly boss: PgBoss,
    private readonly hub: LiveHub,
    private readonly opts: WorkerOptions,
  ) {
    this.id = opts.id ?? `${hostname()}:${process.pid}`;
    this.settler = new JobSettler(boss, QUEUE);
  }

  get active(): number {
    return this.running.size;
  }

  async start(): Promise<void> {
    await this.hub.ready();
    this.unsubscribers.push(
      this.hub.on(CHANNELS.jobsReady, () => this.wake()),
      this.hub.on(CHANNELS.taskCancel, (taskId) => this.cancel(taskId)),
      this.hub.onReconnect(() => this.wake()),
    );
    await this.beat();
    const heartbeatMs = Math.min(5_000, (env.JOB_HEARTBEAT_SECONDS * 1000) / 2);
    this.timers.push(setInterval(() => void this.beat().catch(() => undefined), heartbeatMs));
    this.timers.push(
      setInterval(() => void this.maintain().catch(() => undefined), env.MAINTENANCE_INTERVAL_SECONDS * 1000),
    );
    this.loopDone = this.loop();
  }

  /** Stop fetching; wait up to `graceMs` for running tasks, then hand the rest back. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.signal();
    await this.loopDone;
    const all = () => Promise.allSettled([...this.running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all(), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    for (const r of this.running.values()) {
      if (!r.why) {
        r.why = 'shutdown';
        r.controller.abort();
      }
    }
    await all();
    await this.settler.flush();
    for (const t of this.timers) clearInterval(t);
    for (const u of this.unsubscribers) u();
    await removeWorker(this.id).catch(() => undefined); // database down: the row ages out
  }

  /** New jobs may be waiting (NOTIFY, reconnect): fetch now if a slot is free, else when one frees up. */
  private wake(): void {
    this.notified = true;
    if (this.running.size < this.opts.concurrency) this.signal();
  }

  private signal(): void {
    this.wakeup?.();
  }

  private cancel(taskId: string): void {
    for (const r of this.running.values()) {
      if (r.taskId === taskId && !r.why) {
        r.why = 'cancel';
        r.controller.abort();
      }
    }
  }

  private async loop(): Promise<void> {
    const backoff = new Backoff({ baseMs: 250, maxMs: 5_000 });
    while (!this.stopping) {
      const free = this.opts.concurrency - this.running.size;
      if (free <= 0) {
        await this.idle(POLL_MS); // a finishing job signals
        continue;
      }
      this.notified = false;
      let jobs: JobWithMetadata<unknown>[];
      try {
        jobs = await this.boss.fetch(QUEUE, { batchSize: free, includeMetadata: true });
        backoff.reset();
      } catch (err) {
        console.warn('[worker] fetch failed:', (err as Error).message);
        await this.idle(backoff.next());
        continue;
      }
      this.lastFetchFull = jobs.length === free;
      for (const job of jobs) this.launch(job);
      if (this.lastFetchFull || this.notified) continue;
      await this.idle(POLL_MS);
    }
  }

  private launch(job: JobWithMetadata<unknown>): void {
    const entry: RunningJob = {
      taskId: null,
      job,
      controller: new AbortController(),
      why: null,
      done: Promise.resolve(),
    };
    this.running.set(job.id, entry);
    entry.done = runJob(this.boss, this.settler, this.id, entry)
      .catch((err) => console.warn(`[worker] job ${job.id} ended with an error:`, (err as Error).message))
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

  private async beat(): Promise<void> {
    await recordHeartbeat({
      id: this.id,
      hostname: hostname(),
      pid: process.pid,
      concurrency: this.opts.concurrency,
      running: this.running.size,
    });
    const attempts = [...this.running.values()].map((r) => ({
      id: r.job.id,
      name: r.job.name,
      retryCount: r.job.retryCount,
    }));
    if (attempts.length) await this.boss.touch(QUEUE, attempts);
  }

  private async maintain(): Promise<void> {
    const report = await runMaintenance();
    if (report && (report.orphansFailed || report.inputsDeleted)) {
      console.log('[worker] maintenance:', JSON.stringify(report));
    }
  }
}
