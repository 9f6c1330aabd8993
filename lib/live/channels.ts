// The one registry of Postgres NOTIFY channels: lib/live LISTENs on every one of them; lib/tasks
// and the worker send on them. Every state change notifies `task_changed` in the same
// transaction, so listeners (SSE streams, dashboards) learn of it only once it is committed.
export const CHANNELS = {
  /** payload: task id — something about the task changed (status, progress, result). */
  taskChanged: 'shortplay_task_changed',
  /** payload: task id — a user asked to cancel a running task; the worker running it aborts. */
  taskCancel: 'shortplay_task_cancel',
  /** payload: empty — new jobs are ready; idle workers fetch at once. */
  jobsReady: 'shortplay_jobs_ready',
  /** payload: empty — notification events were written to the outbox; the worker's relay fans them out. */
  notifyOutbox: 'shortplay_notify_outbox',
} as const;

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];
