// A bounded pool of model-call slots shared by every stage of one task (LLM_CONCURRENCY), served
// by priority: planning is on the critical path and goes first (0), the first episode and narrow
// re-asks next (1), then reading and the review of episodes already drafted (2), then new episode
// drafts (3). Equal priorities are served in arrival order.

export class Slots {
  private busy = 0;
  private seq = 0;
  private readonly waiting: { priority: number; seq: number; start: () => void }[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(priority: number, fn: () => Promise<T>): Promise<T> {
    if (this.busy >= this.limit) {
      await new Promise<void>((start) => {
        this.waiting.push({ priority, seq: this.seq++, start });
        this.waiting.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
      });
    } else this.busy++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next.start();
      else this.busy--;
    }
  }
}
