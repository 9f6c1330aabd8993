// The task changes this process has been told of (NOTIFY), numbered: a task's state read at one
// moment can tell whether a change may have come since, so a viewer opened from it needs a
// catch-up read only then, and a state kept for the next viewers (lib/live/task-stream.ts) is
// dropped at the first change. Bounded: past `keep` tasks the oldest are forgotten, and any
// task not remembered counts as changed at the newest number forgotten.
export class TaskChanges {
  private seq = 0;
  private floor = 0;
  private readonly last = new Map<string, number>();

  constructor(private readonly keep = 10_000) {}

  /** The stamp of a read starting now. */
  stamp(): number {
    return this.seq;
  }

  changed(taskId: string): void {
    this.last.delete(taskId); // re-inserted last: the Map stays ordered oldest first
    this.last.set(taskId, ++this.seq);
    if (this.last.size > this.keep) {
      const [oldest, n] = this.last.entries().next().value as [string, number];
      this.last.delete(oldest);
      this.floor = n;
    }
  }

  /** Every task may have changed unseen (the LISTEN connection was lost for a while). */
  all(): void {
    this.floor = ++this.seq;
  }

  /** Whether the task may have changed after a read stamped `stamp` began (a stamp < 0: unknown). */
  since(taskId: string, stamp: number): boolean {
    return stamp < 0 || Math.max(this.last.get(taskId) ?? 0, this.floor) > stamp;
  }
}
