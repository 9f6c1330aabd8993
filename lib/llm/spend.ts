// Spending caps, checked at the one model-call boundary (lib/llm/call.ts) before every call, so
// they hold however the pipeline above is arranged. A run opens a scope with its limits
// (jobs/generator.ts); every call inside it, however deep, is counted against them through
// AsyncLocalStorage. Over a cap, the call is not made: the task fails with `model_spend_limit`,
// a message that names the setting to raise, and no retry (it would only spend again).
// The daily caps (per user, per server) are a `DailyBudget` the run passes in: it reads and adds to
// the daily_spend table (lib/llm/daily-spend.ts), so they hold across runs, tasks and workers.
// Each finished call is also added to the task's own row (a `CallLedger`, lib/tasks/usage.ts) in
// the same place, so a run that never ends normally (a killed worker) has its calls on record.
import { AsyncLocalStorage } from 'node:async_hooks';
import { LlmError } from './errors';
import type { ModelInfo } from './models';
import { type CallUsage, costOf } from './usage';

export interface SpendLimits {
  /** Tokens (prompt + completion) one task run may spend; 0: no cap. */
  maxTokens: number;
  /** US dollars one task run may spend at the price table's prices; 0: no cap. */
  maxCostUsd: number;
  /** Spending that outlives the run (per user and per server per day); checked and added to around every call. */
  daily?: DailyBudget;
  /** Where each finished call is also written down for good: the task's usage. */
  ledger?: CallLedger;
}

/** A durable record of calls, added to once per finished call; it must not throw. */
export interface CallLedger {
  record(model: string, usage: CallUsage, costUsd: number): Promise<void>;
}

/** A spending account shared by many runs; `check` throws the `model_spend_limit` LlmError when it is spent. */
export interface DailyBudget {
  check(model: ModelInfo): Promise<void>;
  record(tokens: number, costUsd: number): Promise<void>;
}

/**
 * What a run's model calls have spent so far: the per-run caps read it, and a run that ends
 * without a result notes it in its final event (the task's row already has every call).
 */
export interface RunSpend {
  /** The model of the last call, null before any. */
  model: string | null;
  tokens: number;
  costUsd: number;
}

export const noSpend = (): RunSpend => ({ model: null, tokens: 0, costUsd: 0 });

interface Scope {
  limits: SpendLimits;
  spent: RunSpend;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `fn` with its own spending account (`spent`, which the caller may keep); calls made inside count against `limits`. */
export function withSpendLimits<T>(limits: SpendLimits, fn: () => Promise<T>, spent: RunSpend = noSpend()): Promise<T> {
  return scopes.run({ limits, spent }, fn);
}

/** Throws before a call when the run, or its user or the server today, has already spent its allowance. */
export async function checkSpend(model: ModelInfo): Promise<void> {
  const s = scopes.getStore();
  if (!s) return;
  const { maxTokens, maxCostUsd } = s.limits;
  const { tokens, costUsd } = s.spent;
  if (maxTokens > 0 && tokens >= maxTokens) {
    throw new LlmError(
      'model_spend_limit',
      `This task has used ${tokens.toLocaleString('en')} model tokens, its limit of ${maxTokens.toLocaleString('en')}; no further call to "${model.name}" was made. Raise LLM_TASK_MAX_TOKENS (0: no limit) to let longer tasks finish.`,
      false,
    );
  }
  if (maxCostUsd > 0 && costUsd >= maxCostUsd) {
    throw new LlmError(
      'model_spend_limit',
      `This task has spent US$${costUsd.toFixed(4)} on model calls, its limit of US$${maxCostUsd}; no further call to "${model.name}" was made. Raise LLM_TASK_MAX_COST_USD (0: no limit) to let costlier tasks finish.`,
      false,
    );
  }
  await s.limits.daily?.check(model);
}

/** Counts a finished call (retried and repaired calls cost money too). */
export async function recordSpend(model: ModelInfo, usage: CallUsage): Promise<void> {
  const s = scopes.getStore();
  if (!s) return;
  const tokens = usage.prompt_tokens + usage.completion_tokens;
  const cost = costOf(usage, model.price);
  s.spent.model = model.name;
  s.spent.tokens += tokens;
  s.spent.costUsd += cost;
  await Promise.all([s.limits.daily?.record(tokens, cost), s.limits.ledger?.record(model.name, usage, cost)]);
}
