// Tokens and cost: per call from the provider's usage (or an estimate when it sends none),
// summed per task, priced from the model's price table (USD per million tokens).
import { emptyUsage, type UsageTotals as Totals } from '../pipeline/schema';
import type { Price } from './catalog';

export interface CallUsage {
  prompt_tokens: number;
  cached_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
  /** True when the provider sent no usage and the numbers are estimates. */
  estimated?: boolean;
}

/** A task's totals are the result schema's `usage` (lib/pipeline/schema.ts). */
export type UsageTotals = Totals;

/** Reasoning tokens are part of completion_tokens (OpenAI and DeepSeek bill them as output). */
export function costOf(u: CallUsage, price: Price): number {
  const cached = Math.min(u.cached_tokens, u.prompt_tokens);
  const usd =
    ((u.prompt_tokens - cached) * price.input + cached * price.cached_input + u.completion_tokens * price.output) / 1e6;
  return Math.round(usd * 1e8) / 1e8;
}

export function addUsage(a: UsageTotals, b: UsageTotals): UsageTotals {
  return {
    calls: a.calls + b.calls,
    prompt_tokens: a.prompt_tokens + b.prompt_tokens,
    cached_tokens: a.cached_tokens + b.cached_tokens,
    completion_tokens: a.completion_tokens + b.completion_tokens,
    reasoning_tokens: a.reasoning_tokens + b.reasoning_tokens,
    cost_usd: Math.round((a.cost_usd + b.cost_usd) * 1e8) / 1e8,
  };
}

/**
 * The usage of a run of calls; `scope(stage?)` gives a child meter whose calls also count here.
 * Calls are also summed per stage: the nearest stage label of the meter that recorded them.
 */
export class UsageMeter {
  total: UsageTotals = emptyUsage();
  byStage: Record<string, UsageTotals> = {};
  constructor(
    private readonly price: Price,
    private readonly parent?: UsageMeter,
    private readonly stage?: string,
  ) {}

  private add(t: UsageTotals, stage: string | undefined): void {
    this.total = addUsage(this.total, t);
    if (stage) this.byStage[stage] = addUsage(this.byStage[stage] ?? emptyUsage(), t);
  }

  record(u: CallUsage, stage = this.stage): void {
    const t: UsageTotals = { calls: 1, ...u, cost_usd: costOf(u, this.price) };
    delete (t as { estimated?: boolean }).estimated;
    this.add(t, stage);
    this.parent?.record(u, stage);
  }

  /** Usage spent earlier (a checkpointed piece made by a previous attempt), with its stages when known. */
  absorb(t: UsageTotals, byStage?: Record<string, UsageTotals>, stage = this.stage): void {
    this.total = addUsage(this.total, t);
    const parts = byStage && Object.keys(byStage).length ? Object.entries(byStage) : stage ? [[stage, t] as const] : [];
    for (const [k, v] of parts) this.byStage[k] = addUsage(this.byStage[k] ?? emptyUsage(), v);
    this.parent?.absorb(t, byStage, stage);
  }

  scope(stage?: string): UsageMeter {
    return new UsageMeter(this.price, this, stage ?? this.stage);
  }
}

/** Provider usage objects (OpenAI, DeepSeek, vLLM, Ollama) → CallUsage. */
export function readUsage(raw: unknown): CallUsage | null {
  if (!raw || typeof raw !== 'object') return null;
  const u = raw as {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
    completion_tokens_details?: { reasoning_tokens?: number } | null;
    prompt_cache_hit_tokens?: number;
  };
  if (typeof u.prompt_tokens !== 'number' && typeof u.completion_tokens !== 'number') return null;
  return {
    prompt_tokens: u.prompt_tokens ?? 0,
    completion_tokens: u.completion_tokens ?? 0,
    cached_tokens: u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens ?? 0,
    reasoning_tokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}
