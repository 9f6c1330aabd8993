// Shares one in-flight lookup among every caller asking for the same key at the same time: a
// burst of viewers opening streams on one task costs one token lookup per token and one first
// read per task, not one each. Nothing is cached once the lookup settles, so a revoked token or
// a changed task is seen by the very next request.
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  get(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.pending.get(key);
    if (running) return running;
    const p = load().finally(() => this.pending.delete(key));
    this.pending.set(key, p);
    return p;
  }

  get size(): number {
    return this.pending.size;
  }
}
