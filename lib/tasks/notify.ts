// Postgres NOTIFY channels. Every state change notifies `task_changed` in the same transaction,
// so listeners (SSE streams, dashboards) learn of it only once it is committed.
export const CHANNELS = {
  /** payload: task id — something about the task changed (status, progress, result). */
  taskChanged: 'shortplay_task_changed',
  /** payload: task id — a user asked to cancel a running task; the worker running it aborts. */
  taskCancel: 'shortplay_task_cancel',
  /** payload: empty — new jobs are ready; idle workers fetch at once. */
  jobsReady: 'shortplay_jobs_ready',
} as const;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

/** SQL fragment arguments for `SELECT pg_notify($1, $2)`. */
export const notifySql = 'SELECT pg_notify($1, $2)';
