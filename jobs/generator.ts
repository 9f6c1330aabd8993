// Picks the engine for a task and adapts its context: abortable pacing for demos and fault tests.
import { env } from '../lib/env';
import { createOfflineGenerator } from '../lib/pipeline';
import type { GenerateContext, ScriptGenerator } from '../lib/pipeline/types';
import type { TaskOptions } from '../lib/tasks/schema';
import { EngineError } from './errors';

const offline = createOfflineGenerator();

export function selectGenerator(options: TaskOptions): ScriptGenerator {
  if (!options.model || options.model === 'offline') return offline;
  throw new EngineError('model_unavailable', `Model "${options.model}" is not available on this server.`, false);
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
