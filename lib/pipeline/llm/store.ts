// Checkpointed pieces: each finished chunk's notes, each arc's plan and each episode is saved with
// the usage it cost (split by stage) and the warnings it raised, so a retry loads it instead of
// calling the model again and still reports the whole task's usage and warnings.
import { z } from 'zod';
import type { UsageMeter } from '../../llm/usage';
import { LLM_CHECKPOINT_PREFIX } from '../checkpoint-keys';
import { UsageTotals } from '../schema';
import type { GenerateContext } from '../types';

export const CHECKPOINT_PREFIX = LLM_CHECKPOINT_PREFIX;

const Meta = z.object({
  usage: UsageTotals,
  by_stage: z.record(z.string(), UsageTotals).optional(),
  warnings: z.array(z.string()).optional(),
});

export async function loadPiece<T>(ctx: GenerateContext, key: string, schema: z.ZodType<T>) {
  const raw = (await ctx.checkpoint.load(CHECKPOINT_PREFIX + key)) as { value?: unknown } | undefined;
  if (!raw || typeof raw !== 'object') return null;
  const value = schema.safeParse(raw.value);
  const meta = Meta.safeParse(raw);
  return value.success && meta.success ? { value: value.data, ...meta.data } : null;
}

/**
 * The stored piece, or a new one made with a child meter and saved. `fresh` tells which. The
 * warnings `make` collects are saved with the piece and returned again when it is loaded.
 */
export async function piece<T>(
  ctx: GenerateContext,
  meter: UsageMeter,
  key: string,
  schema: z.ZodType<T>,
  make: (meter: UsageMeter, warnings: string[]) => Promise<T>,
): Promise<{ value: T; fresh: boolean; warnings: string[] }> {
  const saved = await loadPiece(ctx, key, schema);
  if (saved) {
    meter.absorb(saved.usage, saved.by_stage);
    return { value: saved.value, fresh: false, warnings: saved.warnings ?? [] };
  }
  const child = meter.scope();
  const warnings: string[] = [];
  const value = await make(child, warnings);
  await ctx.checkpoint.save(CHECKPOINT_PREFIX + key, { value, usage: child.total, by_stage: child.byStage, warnings });
  return { value, fresh: true, warnings };
}
