// How long a task ran, for the task list and the task page's details.

/** Milliseconds from start to end; null while not started or not finished. */
export function durationMs(startedAt: string | null, finishedAt: string | null): number | null {
  if (!startedAt || !finishedAt) return null;
  return Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt));
}
