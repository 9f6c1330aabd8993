// The worker's notification side, apart from the task fetch loop so a slow or broken channel can
// never take a task slot: the outbox relay (woken by NOTIFY, with a timer as backstop) and the
// notify-deliver queue's handler with its own concurrency (NOTIFY_CONCURRENCY).
import type { PgBoss } from 'pg-boss';
import { env } from '../lib/env';
import { CHANNELS } from '../lib/live/channels';
import type { LiveHub } from '../lib/live/hub';
import { errorText, log } from '../lib/log';
import { deliverAttempt, dispatchOutbox, sweepOverdue } from '../lib/notify';
import { queues } from '../lib/queue/registry';

const QUEUE = queues.notifyDeliver.name;

export class Notifier {
  private timers: NodeJS.Timeout[] = [];
  private unsubscribers: (() => void)[] = [];
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly boss: PgBoss,
    private readonly hub: LiveHub,
    private readonly opts: { relayIntervalMs?: number; sweepIntervalMs?: number } = {},
  ) {}

  async start(): Promise<void> {
    await this.boss.work<unknown>(
      QUEUE,
      // NOTIFY wakes the handlers for new jobs, but not when a delayed retry falls due: poll
      // every 2 s for those (one cheap indexed query per handler).
      {
        batchSize: 1,
        localConcurrency: env.NOTIFY_CONCURRENCY,
        pollingIntervalSeconds: 2,
        notifyPollingIntervalSeconds: 2,
      },
      async ([job]) => {
        if (job) await deliverAttempt(job.data);
      },
    );
    this.unsubscribers.push(
      this.hub.on(CHANNELS.notifyOutbox, () => this.kick()),
      this.hub.onReconnect(() => this.kick()),
    );
    this.timers.push(setInterval(() => this.kick(), this.opts.relayIntervalMs ?? 5_000));
    this.timers.push(
      setInterval(
        () => void sweepOverdue().catch((err) => log.warn({ error: errorText(err) }, 'notification sweep failed')),
        this.opts.sweepIntervalMs ?? 60_000,
      ),
    );
    this.kick();
  }

  /** Runs the relay now, or once more right after the run in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          while ((await dispatchOutbox()) > 0 && !this.stopped) {
            // more rows may be waiting
          }
        } catch (err) {
          log.warn({ error: errorText(err) }, 'notification relay failed'); // the timer tries again
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = null;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    for (const u of this.unsubscribers) u();
    await this.running;
    await this.boss.offWork(QUEUE).catch(() => undefined);
  }
}
