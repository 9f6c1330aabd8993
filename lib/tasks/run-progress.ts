// A running task's progress: one guarded statement writes the latest progress and stage, the
// stage events since the last write and the checkpoints saved since then, and notifies. Like
// every write of a run, it checks the run's fencing token (run_id) and status, so a stale worker
// — one whose job was taken over after a missed heartbeat — can never overwrite a newer state.

import { getDb } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import { CHANNELS } from '../live/channels';

/** One run of a task: the fencing token every write of that run must present. */
export interface RunRef {
  taskId: string;
  runId: string;
}

export interface ProgressEvent {
  kind: 'stage_started' | 'stage_completed';
  data: Record<string, unknown>;
  /** When it happened (ISO); progress is written coalesced, so this can be before the write. */
  at?: string;
}

export interface CheckpointWrite {
  key: string;
  value: unknown;
}

export interface ProgressWrite {
  progress: number;
  /** null keeps the current stage and message (a write that only carries checkpoints). */
  stage: string | null;
  message: string | null;
  /** Seconds of work left, as the engine estimates it; updates estimated_time when given. */
  remainingSeconds?: number | undefined;
  events?: ProgressEvent[];
  /** Checkpoints saved since the last write: stored only while this run owns the task. */
  checkpoints?: CheckpointWrite[];
}

/** A CTE body that inserts `events` for the task row of CTE `t`, in order, at their own times. */
export function insertEvents(events: readonly { kind: string; data: unknown; at?: string }[]): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO task_events (task_id, kind, data, created_at)
    SELECT t.id, x.ev->>'kind', x.ev->'data', COALESCE((x.ev->>'at')::timestamptz, now())
    FROM t, jsonb_array_elements(${JSON.stringify(events)}::jsonb) WITH ORDINALITY AS x(ev, n) ORDER BY x.n`;
}

/** Returns null when the run no longer owns the task (stop now), else whether a cancel is pending. */
export async function writeProgress(ref: RunRef, w: ProgressWrite): Promise<{ cancelRequested: boolean } | null> {
  const progress = Math.min(99, Math.max(0, Math.floor(w.progress)));
  const remaining = w.remainingSeconds === undefined ? null : Math.max(0, Math.round(w.remainingSeconds));
  const rows = await getDb().$queryRaw<{ cancel: boolean }[]>`
    WITH t AS (
      UPDATE script_tasks SET progress = GREATEST(progress, ${progress}), stage = COALESCE(${w.stage}, stage), message = COALESCE(${w.message}, message),
        estimated_time = COALESCE(ceil(extract(epoch FROM now() - started_at))::int + ${remaining}::int, estimated_time),
        updated_at = now()
      WHERE id = ${ref.taskId} AND run_id = ${ref.runId}::uuid AND status = 'processing'
      RETURNING id, cancel_requested_at IS NOT NULL AS cancel),
    e AS (${insertEvents(w.events ?? [])}),
    c AS (
      INSERT INTO task_checkpoints (task_id, key, value)
      SELECT t.id, cp->>'key', cp->'value' FROM t, jsonb_array_elements(${JSON.stringify(w.checkpoints ?? [])}::jsonb) cp
      ON CONFLICT (task_id, key) DO UPDATE SET value = EXCLUDED.value, created_at = now())
    SELECT t.cancel FROM t, LATERAL (SELECT pg_notify(${CHANNELS.taskChanged}, t.id)) n`;
  const row = rows[0];
  return row ? { cancelRequested: row.cancel } : null;
}
