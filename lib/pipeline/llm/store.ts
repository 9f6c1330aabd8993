// Checkpointed pieces: each finished chunk summary, the bible, the outline and each episode is
// saved with the usage it cost, so a retry loads it instead of calling the model again.
import type { z } from 'zod';
import type { UsageMeter } from '../../llm/usage';
import { LLM_CHECKPOINT_PREFIX } from '../checkpoint-keys';
import { Usage } from '../schema';
import type { GenerateContext } from '../types';

export const CHECKPOINT_PREFIX = LLM_CHECKPOINT_PREFIX;

export async function loadPiece<T>(
  ctx: GenerateContext,
  key: string,
  schema: z.ZodType<T>,
): Promise<{ value: T; usage: Usage } | null> {
  const raw = (await ctx.checkpoint.load(CHECKPOINT_PREFIX + key)) as { value?: unknown; usage?: unknown } | undefined;
  if (!raw || typeof raw !== 'object') return null;
  const value = schema.safeParse(raw.value);
  const usage = Usage.safeParse(raw.usage);
  return value.success && usage.success ? { value: value.data, usage: usage.data } : null;
}

/** The stored piece, or a new one made with a child meter and saved. `fresh` tells which. */
export async function piece<T>(
  ctx: GenerateContext,
  meter: UsageMeter,
  key: string,
  schema: z.ZodType<T>,
  make: (meter: UsageMeter) => Promise<T>,
): Promise<{ value: T; fresh: boolean }> {
  const saved = await loadPiece(ctx, key, schema);
  if (saved) {
    meter.absorb(saved.usage);
    return { value: saved.value, fresh: false };
  }
  const child = meter.scope();
  const value = await make(child);
  await ctx.checkpoint.save(CHECKPOINT_PREFIX + key, { value, usage: child.total });
  return { value, fresh: true };
}
