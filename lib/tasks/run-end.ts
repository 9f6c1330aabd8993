// How a run ends: completed, failed, cancelled, or back to pending for an automatic retry. Each is
// one guarded statement (run_id and status checked) that also records the stage events not yet
// written, the final event, the notification outbox row (a terminal state), and notifies; it returns false when the run no longer owned the task.
import { getDb } from '../db/client';
import { Prisma } from '../generated/prisma/client';
import { CHANNELS } from '../live/channels';
import type { RunSpend } from '../llm/spend';
import { taskOutbox } from '../notify/outbox';
import type { ScriptResult } from '../pipeline/schema';
import { insertEvents, type ProgressEvent, type RunRef } from './run-progress';
import type { TaskError, TaskOptions } from './schema';
import { messagesFor } from './status-messages';
import { withTaskUsage } from './usage';

/**
 * A run ended: its viewers re-read, and idle workers claim again — a slot under a user's running
 * cap (MAX_RUNNING_PER_USER) may have freed on another worker.
 */
const NOTIFY_ENDED = Prisma.sql`pg_notify(${CHANNELS.taskChanged}, t.id), pg_notify(${CHANNELS.jobsReady}, '')`;

async function endRun(
  ref: RunRef,
  status: 'completed' | 'failed' | 'cancelled',
  fields: {
    message: string;
    result?: ScriptResult;
    error?: TaskError;
    eventData: Record<string, unknown>;
    /** Stage events not yet written, recorded before the final one. */
    events?: ProgressEvent[];
  },
): Promise<boolean> {
  const events = [...(fields.events ?? []), { kind: status, data: fields.eventData }];
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    WITH t AS (
      UPDATE script_tasks SET status = ${status}::task_status, message = ${fields.message},
        progress = CASE WHEN ${status} = 'completed' THEN 100 ELSE progress END,
        stage = CASE WHEN ${status} = 'completed' THEN NULL ELSE stage END,
        result = ${fields.result ? JSON.stringify(fields.result) : null}::jsonb,
        error_code = ${fields.error?.code ?? null}, error_message = ${fields.error?.message ?? null},
        error_retryable = ${fields.error?.retryable ?? null},
        ${usageSet(fields.result)}
        finished_at = now(), updated_at = now()
      WHERE id = ${ref.taskId} AND run_id = ${ref.runId}::uuid AND status = 'processing'
      RETURNING id, user_id, status),
    e AS (${insertEvents(events)}),
    o AS (${taskOutbox(Prisma.sql`SELECT id AS task_id, user_id, status FROM t`)})
    SELECT t.id FROM t, LATERAL (SELECT ${NOTIFY_ENDED}) n`;
  return rows.length === 1;
}

/**
 * The usage_* assignments of a run's end (decision 0143). Every call of every run has already been
 * added to them (lib/tasks/usage.ts); a completed run only names the engine of a task that made
 * no model call (the offline engine), as the metrics have always seen it.
 */
function usageSet(result: ScriptResult | undefined): Prisma.Sql {
  if (!result) return Prisma.empty;
  const model = result.engine.model ?? result.engine.name;
  return Prisma.sql`usage_model = COALESCE(usage_model, ${model}), usage_tokens = COALESCE(usage_tokens, 0),
    usage_cost_usd = COALESCE(usage_cost_usd, 0),`;
}

/** The result is stored with the task's usage totals: every call of every run (lib/tasks/usage.ts). */
export async function completeRun(
  ref: RunRef,
  script: ScriptResult,
  language: TaskOptions['language'],
  events: ProgressEvent[] = [],
): Promise<boolean> {
  const result = await withTaskUsage(ref.taskId, script);
  return endRun(ref, 'completed', {
    message: messagesFor(language).completed,
    result,
    events,
    eventData: {
      engine: result.engine,
      episodes: result.episodes.length,
      usage: result.usage,
      ...(result.quality ? { quality: result.quality.level } : {}),
    },
  });
}

export function failRun(
  ref: RunRef,
  error: TaskError,
  language?: TaskOptions['language'],
  spent?: RunSpend,
): Promise<boolean> {
  return endRun(ref, 'failed', {
    message: `${messagesFor(language).failed}: ${error.message}`,
    error,
    eventData: { ...error, ...spentData(spent) },
  });
}

export function cancelRun(ref: RunRef, language?: TaskOptions['language'], spent?: RunSpend): Promise<boolean> {
  return endRun(ref, 'cancelled', {
    message: messagesFor(language).cancelled,
    eventData: { during_run: true, ...spentData(spent) },
  });
}

/**
 * This run's own spend in its final event (history), when its calls spent anything; the task's
 * usage columns hold the total of all its runs.
 */
function spentData(spent: RunSpend | undefined): Record<string, unknown> {
  if (!spent || (spent.tokens <= 0 && spent.costUsd <= 0)) return {};
  return { spent: { model: spent.model, tokens: spent.tokens, cost_usd: Math.round(spent.costUsd * 1e8) / 1e8 } };
}

/** A retryable failure with retries left: back to pending; pg-boss redelivers the same job later. */
export async function markRetrying(
  ref: RunRef,
  error: TaskError,
  delaySeconds: number,
  language?: TaskOptions['language'],
  spent?: RunSpend,
): Promise<boolean> {
  const rows = await getDb().$queryRaw<{ id: string }[]>`
    WITH t AS (
      UPDATE script_tasks SET status = 'pending', run_id = NULL, worker_id = NULL, attempts = attempts + 1,
        message = ${messagesFor(language).retrying(delaySeconds)}, updated_at = now()
      WHERE id = ${ref.taskId} AND run_id = ${ref.runId}::uuid AND status = 'processing'
      RETURNING id),
    e AS (INSERT INTO task_events (task_id, kind, data)
          SELECT id, 'retried', ${JSON.stringify({ automatic: true, delay_seconds: delaySeconds, reason: error, ...spentData(spent) })}::jsonb FROM t)
    SELECT t.id FROM t, LATERAL (SELECT ${NOTIFY_ENDED}) n`;
  return rows.length === 1;
}
