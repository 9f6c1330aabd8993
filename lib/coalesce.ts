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

/**
 * InFlight, and each answer kept for `keepMs` after it lands: a burst spread over a second (a
 * crowd opening live streams) costs one lookup per key per `keepMs`, not one per request.
 * `clear()` forgets every kept answer at once (a revocation in this process); a lookup already in
 * flight when it is called still answers its waiters but is not kept.
 */
export class Recent<T> {
  private readonly inflight = new InFlight<T>();
  private readonly kept = new Map<string, { value: T; until: number }>();
  private generation = 0;
  private nextSweep = 0;

  constructor(private readonly keepMs: number) {}

  /** The kept answer while `fresh(answer)` holds (default: always), else `load()`'s, shared. */
  get(key: string, load: () => Promise<T>, fresh?: (value: T) => boolean): Promise<T> {
    const now = performance.now();
    const hit = this.kept.get(key);
    if (hit && hit.until > now && (!fresh || fresh(hit.value))) return Promise.resolve(hit.value);
    const generation = this.generation;
    return this.inflight.get(key, async () => {
      const value = await load();
      if (generation === this.generation) this.keep(key, value);
      return value;
    });
  }

  clear(): void {
    this.kept.clear();
    this.generation++;
  }

  get size(): number {
    return this.kept.size;
  }

  private keep(key: string, value: T): void {
    const now = performance.now();
    if (now >= this.nextSweep) {
      for (const [k, v] of this.kept) if (v.until <= now) this.kept.delete(k);
      this.nextSweep = now + this.keepMs;
    }
    this.kept.set(key, { value, until: now + this.keepMs });
  }
}
