// Completes finished jobs in small batches: every job that succeeds within a few milliseconds of
// another is settled by one `boss.complete` call, one round trip and one commit instead of one
// each. The task's own state is already final when a job reaches here, so the short wait is
// invisible to users.
import type { JobAttempt, PgBoss } from 'pg-boss';
import { withDbRetry } from './retry-db';

interface Waiting {
  attempt: JobAttempt;
  resolve(): void;
  reject(err: unknown): void;
}

export class JobSettler {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly boss: PgBoss,
    private readonly queue: string,
    private readonly windowMs = 3,
  ) {}

  complete(attempt: JobAttempt): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ attempt, resolve, reject });
      this.timer ??= setTimeout(() => void this.flush(), this.windowMs);
    });
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting;
    this.waiting = [];
    if (!batch.length) return;
    try {
      await withDbRetry('settle jobs', () =>
        this.boss.complete(
          this.queue,
          batch.map((w) => w.attempt),
        ),
      );
      for (const w of batch) w.resolve();
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
}
