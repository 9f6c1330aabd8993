// The one "wait until this holds" for tests, browser tests and the bench: checks `check` now and
// every `intervalMs`, resolves with the first value that is not false/undefined/null, and fails
// after `timeoutMs` saying what it waited for and what it saw last. Use it only where nothing
// announces the change; where something does (a NOTIFY, an SSE event, a process line), wait on that.
export interface WaitOptions {
  /** What is awaited, for the error message. */
  what: string;
  timeoutMs?: number;
  intervalMs?: number;
  /** Extra detail for the timeout error (the last state seen, a process's output). */
  describe?: () => string;
}

export async function waitUntil<T>(
  check: () => Promise<T | false | undefined | null> | T | false | undefined | null,
  opts: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const value = await check();
    if (value !== false && value !== undefined && value !== null) return value;
    if (Date.now() >= deadline) {
      const detail = opts.describe?.() ?? '';
      throw new Error(
        `timed out after ${opts.timeoutMs ?? 30_000} ms waiting for ${opts.what}${detail ? `: ${detail}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
}
