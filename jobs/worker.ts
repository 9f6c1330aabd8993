// A worker process: the fetch loop (jobs/fetch-loop.ts) runs up to WORKER_CONCURRENCY
// generate-script jobs at once, claimed fairly across users (lib/queue/fair-claim.ts), woken by NOTIFY; the worker wires it to pg-boss and the live hub
// (new jobs, cancel requests), heartbeats its jobs and its own row, runs maintenance, and on stop
// hands unfinished tasks back within a grace period.
import { hostname } from 'node:os';
import type { PgBoss } from 'pg-boss';
import { runAlertEvaluator } from '../lib/alerts';
import { env } from '../lib/env';
import { CHANNELS } from '../lib/live/channels';
import type { LiveHub } from '../lib/live/hub';
import { errorText, log } from '../lib/log';
import { sampleProcess } from '../lib/metrics/process';
import { type ClaimedJob, claimJobs } from '../lib/queue/fair-claim';
import { queues } from '../lib/queue/registry';
import { recordHeartbeat, removeWorker } from '../lib/queue/workers';
import { FetchLoop } from './fetch-loop';
import { runMaintenance } from './maintenance';
import { runJob } from './run-job';
import { JobSettler } from './settler';

const QUEUE = queues.generateScript.name;

export interface WorkerOptions {
  concurrency: number;
  id?: string;
  /**
   * Another claim: only the benchmark's strict-FIFO baseline (fetchFifo, bench/fifo-worker.ts).
   * Default the fair claim.
   */
  fetch?: (batchSize: number) => Promise<ClaimedJob[]>;
}

export class Worker {
  readonly id: string;
  private readonly loop: FetchLoop<ClaimedJob>;
  private readonly settler: JobSettler;
  private timers: NodeJS.Timeout[] = [];
  private unsubscribers: (() => void)[] = [];

  constructor(
    private readonly boss: PgBoss,
    private readonly hub: LiveHub,
    private readonly opts: WorkerOptions,
  ) {
    this.id = opts.id ?? `${hostname()}:${process.pid}`;
    this.settler = new JobSettler(boss, QUEUE);
    this.loop = new FetchLoop({
      concurrency: opts.concurrency,
      // The fair claim (docs/decisions/0100) instead of boss.fetch's priority-then-age order.
      fetch: opts.fetch ?? ((batchSize) => claimJobs(batchSize, undefined, boss)),
      run: (entry) => runJob(boss, this.settler, this.id, entry),
    });
  }

  get active(): number {
    return this.loop.active;
  }

  async start(): Promise<void> {
    await this.hub.ready();
    this.unsubscribers.push(
      this.hub.on(CHANNELS.jobsReady, () => this.loop.wake()),
      this.hub.on(CHANNELS.taskCancel, (taskId) => this.loop.cancel(taskId)),
      this.hub.onReconnect(() => this.loop.wake()),
    );
    await this.beat();
    const heartbeatMs = Math.min(5_000, (env.JOB_HEARTBEAT_SECONDS * 1000) / 2);
    // Failures are logged, not thrown: the next tick tries again (a database restart, say).
    this.timers.push(
      setInterval(
        () => void this.beat().catch((err) => log.warn({ error: errorText(err) }, 'heartbeat failed')),
        heartbeatMs,
      ),
    );
    this.timers.push(
      setInterval(
        () => void this.maintain().catch((err) => log.warn({ error: errorText(err) }, 'maintenance failed')),
        env.MAINTENANCE_INTERVAL_SECONDS * 1000,
      ),
    );
    // One evaluator across all workers (an advisory lock); its failures never reach tasks.
    this.timers.push(
      setInterval(
        () => void runAlertEvaluator().catch((err) => log.warn({ error: errorText(err) }, 'alert evaluation failed')),
        env.ALERT_INTERVAL_SECONDS * 1000,
      ),
    );
    this.loop.start();
  }

  /** Stop fetching; wait up to `graceMs` for running tasks, then hand the rest back. */
  async stop(graceMs: number): Promise<void> {
    await this.loop.stop(graceMs);
    await this.settler.flush();
    for (const t of this.timers) clearInterval(t);
    for (const u of this.unsubscribers) u();
    await removeWorker(this.id).catch((err) =>
      // Database down: the row ages out of the workers table within the hour.
      log.warn({ error: errorText(err) }, 'could not remove the worker row'),
    );
  }

  private async beat(): Promise<void> {
    const jobs = this.loop.jobs();
    await recordHeartbeat({
      id: this.id,
      hostname: hostname(),
      pid: process.pid,
      concurrency: this.opts.concurrency,
      running: jobs.length,
      ...(await sampleProcess()),
    });
    if (jobs.length) {
      await this.boss.touch(
        QUEUE,
        jobs.map((j) => ({ id: j.id, name: j.name, retryCount: j.retryCount })),
      );
    }
  }

  private async maintain(): Promise<void> {
    const report = await runMaintenance();
    if (report && (report.orphansFailed || report.inputsDeleted)) {
      log.info({ maintenance: report }, 'maintenance changed tasks');
    }
  }
}
