// Bounded concurrency: run `fn` over items with at most `limit` at once; the first failure stops
// new work and aborts the rest (their finished pieces are already checkpointed).

export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  fn: (item: T, index: number, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  const ctl = new AbortController();
  const onAbort = () => ctl.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { err: unknown } | null = null;
  const worker = async () => {
    while (!failure && !ctl.signal.aborted && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T, i, ctl.signal);
      } catch (err) {
        failure ??= { err };
        ctl.abort(err);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
  if (failure) throw (failure as { err: unknown }).err;
  return results;
}
