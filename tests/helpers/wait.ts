// Waiting in integration tests: on the task's own live updates (the typed client follows its SSE
// stream, polling only as the client's fallback), and `waitUntil` for what nothing announces.
import type { ShortplayClient } from '../../lib/client';
import { isTerminal, type TaskInfo } from '../../lib/tasks/schema';

export { waitUntil } from '../../scripts/wait-until';

export const settled = (t: TaskInfo): boolean => isTerminal(t.status);

/**
 * Follows the task live until `until(task)` holds and returns that state; fails when the task
 * ends (or `timeoutMs` passes) without it, with the last state seen. `onUpdate` sees every state.
 */
export async function waitForTask(
  client: ShortplayClient,
  taskId: string,
  until: (t: TaskInfo) => boolean,
  opts: { timeoutMs?: number; onUpdate?: (t: TaskInfo) => void } = {},
): Promise<TaskInfo> {
  const ctl = new AbortController();
  let last: TaskInfo | undefined;
  let hit: TaskInfo | undefined;
  const see = (t: TaskInfo) => {
    last = t;
    opts.onUpdate?.(t);
    if (!hit && until(t)) {
      hit = t;
      ctl.abort();
    }
  };
  try {
    see(await client.waitForTaskCompletion(taskId, see, { signal: ctl.signal, timeoutMs: opts.timeoutMs ?? 60_000 }));
  } catch (err) {
    const ended = (err as { task?: TaskInfo }).task; // TaskFailedError, TaskCancelledError
    if (ended) see(ended);
    else if (!hit) {
      throw new Error(`task ${taskId}: the awaited state never came (${(err as Error).message}); last ${brief(last)}`);
    }
  }
  if (hit) return hit;
  throw new Error(`task ${taskId} ended without reaching the awaited state; last ${brief(last)}`);
}

const brief = (t: TaskInfo | undefined) =>
  t ? JSON.stringify({ ...t, result: t.result ? '…' : undefined }).slice(0, 600) : 'none';
