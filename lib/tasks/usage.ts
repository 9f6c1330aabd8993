// A task's model usage, added to after every call of every run (decision 0143): the worker's
// spending scope (lib/llm/spend.ts) records each finished call here, beside the daily spend. So
// the row holds what all of the task's runs spent — completed, failed, cancelled, retried, handed
// back at shutdown or lost with a killed worker — each call once, and a result reports the same.
import { getDb } from '../db/client';
import type { CallLedger } from '../llm/spend';
import type { CallUsage } from '../llm/usage';
import { errorText, log } from '../log';
import type { ScriptResult } from '../pipeline/schema';

/** Adds one finished call to the task's usage columns (whatever run made it: a paid call counts). */
export async function addCallUsage(taskId: string, model: string, u: CallUsage, costUsd: number): Promise<void> {
  await getDb().$executeRaw`
    UPDATE script_tasks SET usage_model = ${model},
      usage_calls = COALESCE(usage_calls, 0) + 1,
      usage_prompt_tokens = COALESCE(usage_prompt_tokens, 0) + ${u.prompt_tokens}::bigint,
      usage_cached_tokens = COALESCE(usage_cached_tokens, 0) + ${u.cached_tokens}::bigint,
      usage_completion_tokens = COALESCE(usage_completion_tokens, 0) + ${u.completion_tokens}::bigint,
      usage_reasoning_tokens = COALESCE(usage_reasoning_tokens, 0) + ${u.reasoning_tokens}::bigint,
      usage_tokens = COALESCE(usage_tokens, 0) + ${u.prompt_tokens + u.completion_tokens}::bigint,
      usage_cost_usd = COALESCE(usage_cost_usd, 0) + ${costUsd}::float8
    WHERE id = ${taskId}`;
}

/** The ledger of one task's runs: every call is added to its row; a failed write is logged, not thrown. */
export function taskLedger(taskId: string): CallLedger {
  return {
    async record(model, usage, costUsd) {
      try {
        await addCallUsage(taskId, model, usage, costUsd);
      } catch (err) {
        // As with the daily spend: the call is made and paid for; failing the task would pay again.
        log.warn({ task_id: taskId, model, cost_usd: costUsd, error: errorText(err) }, 'task usage not recorded');
      }
    },
  };
}

/**
 * The result with its usage totals replaced by the task's, which also count the calls of earlier
 * runs whose pieces were never checkpointed. `by_stage` stays what this script's pieces cost
 * (those reused from earlier runs included). Results of runs that recorded no call are unchanged.
 */
export async function withTaskUsage(taskId: string, result: ScriptResult): Promise<ScriptResult> {
  const row = await getDb().task.findUnique({
    where: { id: taskId },
    select: {
      usageCalls: true,
      usagePromptTokens: true,
      usageCachedTokens: true,
      usageCompletionTokens: true,
      usageReasoningTokens: true,
      usageCostUsd: true,
    },
  });
  if (!row?.usageCalls) return result;
  return {
    ...result,
    usage: {
      ...result.usage,
      calls: row.usageCalls,
      prompt_tokens: Number(row.usagePromptTokens ?? 0),
      cached_tokens: Number(row.usageCachedTokens ?? 0),
      completion_tokens: Number(row.usageCompletionTokens ?? 0),
      reasoning_tokens: Number(row.usageReasoningTokens ?? 0),
      cost_usd: Math.round((row.usageCostUsd ?? 0) * 1e8) / 1e8,
    },
  };
}
