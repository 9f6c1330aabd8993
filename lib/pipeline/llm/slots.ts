// A bounded pool of model-call slots shared by every stage of one task (LLM_CONCURRENCY), served
// by priority: planning is on the critical path and goes first (0), the first episode and narrow
// re-asks next (1), then reading and the review of episodes already drafted (2), then new episode
// drafts (3). Equal priorities are served in arrival order. A running call is never preempted, so
// reading — long calls that would otherwise fill every slot — may be capped below the limit,
// keeping a slot for the critical path.

interface Waiter {
  priority: number;
  cap: number;
  seq: number;
  start: () => void;
}

export class Slots {
  private running: number[] = [];
  private seq = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limit: number) {}

  private fits(priority: number, cap: number): boolean {
    return this.running.length < this.limit && this.running.filter((p) => p === priority).length < cap;
  }

  private next(): void {
    for (let i = 0; i < this.waiting.length; i++) {
      const w = this.waiting[i] as Waiter;
      if (!this.fits(w.priority, w.cap)) continue;
      this.waiting.splice(i, 1);
      this.running.push(w.priority);
      w.start();
      return;
    }
  }

  /** Runs `fn` in a slot; `cap`: at most this many calls of the same priority at once. */
  async run<T>(priority: number, fn: () => Promise<T>, cap = Number.POSITIVE_INFINITY): Promise<T> {
    if (this.fits(priority, cap) && this.waiting.length === 0) this.running.push(priority);
    else {
      await new Promise<void>((start) => {
        this.waiting.push({ priority, cap, seq: this.seq++, start });
        this.waiting.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
        this.next();
      });
    }
    try {
      return await fn();
    } finally {
      this.running.splice(this.running.indexOf(priority), 1);
      this.next();
    }
  }

  /** At most this many reading calls at once: one slot stays for planning and the first episode. */
  get readCap(): number {
    return Math.max(1, this.limit - 1);
  }
}
