// Picks the engine for a task and adapts its context: abortable pacing for demos and fault tests.
// LLM failures (lib/llm LlmError) become EngineErrors with the same code, message and retryability.
import { env } from '../lib/env';
import { dailyBudget } from '../lib/llm/daily-spend';
import { LlmError } from '../lib/llm/errors';
import { isLlmModel, OFFLINE_MODEL } from '../lib/llm/models';
import { type RunSpend, withSpendLimits } from '../lib/llm/spend';
import { createOfflineGenerator } from '../lib/pipeline';
import { EngineError } from '../lib/pipeline/engine-error';
import { createLlmGenerator } from '../lib/pipeline/llm';
import type { GenerateContext, ScriptGenerator } from '../lib/pipeline/types';
import type { TaskOptions } from '../lib/tasks/schema';
import { taskLedger } from '../lib/tasks/usage';

/** Whose task a run is: its owner's daily caps count its calls, and the task's row records them. */
export interface RunOwner {
  userId: string;
  taskId: string;
}

const offline = createOfflineGenerator();

function withEngineErrors(engine: ScriptGenerator, owner: RunOwner, spent?: RunSpend): ScriptGenerator {
  return {
    name: engine.name,
    async generate(input, options, ctx) {
      try {
        // Every model call of this run counts against the task's caps (lib/llm/spend.ts) and the
        // owner's and the server's daily caps (lib/llm/daily-spend.ts), and is added to the
        // task's usage as soon as it ends (lib/tasks/usage.ts).
        const daily = dailyBudget(owner.userId, {
          userMaxCostUsd: env.LLM_USER_DAILY_MAX_COST_USD,
          serverMaxCostUsd: env.LLM_SERVER_DAILY_MAX_COST_USD,
        });
        const limits = {
          maxTokens: env.LLM_TASK_MAX_TOKENS,
          maxCostUsd: env.LLM_TASK_MAX_COST_USD,
          daily,
          ledger: taskLedger(owner.taskId),
        };
        return await withSpendLimits(limits, () => engine.generate(input, options, ctx), spent);
      } catch (err) {
        if (err instanceof LlmError) throw new EngineError(err.code, err.message, err.retryable);
        throw err;
      }
    },
  };
}

/**
 * The engine for a task of `owner`; its model calls add up in `spent` (this run's own spend, which
 * a run that ends without a result notes in its final event).
 */
export function selectGenerator(options: TaskOptions, owner: RunOwner, spent?: RunSpend): ScriptGenerator {
  if (!options.model || options.model === OFFLINE_MODEL) return offline;
  if (isLlmModel(options.model)) return withEngineErrors(createLlmGenerator(), owner, spent);
  throw new EngineError(
    'model_not_found',
    `Model "${options.model}" is not available on this server (not configured, or OPENAI_API_KEY is unset); it will not succeed on retry.`,
    false,
  );
}

/** Wraps reportProgress so each report is followed by an abortable pause (OFFLINE_ENGINE_DELAY_MS). */
export function paced(ctx: GenerateContext, delayMs = env.OFFLINE_ENGINE_DELAY_MS): GenerateContext {
  if (delayMs <= 0) return ctx;
  return {
    ...ctx,
    async reportProgress(progress, stage) {
      await ctx.reportProgress(progress, stage);
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, delayMs);
        function done() {
          clearTimeout(t);
          ctx.signal.removeEventListener('abort', done);
          resolve();
        }
        ctx.signal.addEventListener('abort', done, { once: true });
      });
    },
  };
}
