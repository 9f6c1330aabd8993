// Tokens and cost: per call from the provider's usage (or an estimate when it sends none),
// summed per task, priced from the model's price table (USD per million tokens).
import { emptyUsage, type Usage } from '../pipeline/schema';
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
export type UsageTotals = Usage;

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

/** The usage of a run of calls; `scope()` gives a child meter whose calls also count here. */
export class UsageMeter {
  total: UsageTotals = emptyUsage();
  constructor(
    private readonly price: Price,
    private readonly parent?: UsageMeter,
  ) {}

  record(u: CallUsage): void {
    const t: UsageTotals = { calls: 1, ...u, cost_usd: costOf(u, this.price) };
    delete (t as { estimated?: boolean }).estimated;
    this.total = addUsage(this.total, t);
    this.parent?.record(u);
  }

  /** Usage spent earlier (a checkpointed piece made by a previous attempt). */
  absorb(t: UsageTotals): void {
    this.total = addUsage(this.total, t);
    this.parent?.absorb(t);
  }

  scope(): UsageMeter {
    return new UsageMeter(this.price, this);
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
