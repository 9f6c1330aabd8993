// What each model can do and what it costs: structured-output mode, reasoning output, context
// size, output limit and prices in USD per million tokens. Known models ship here; LLM_MODELS
// (JSON) overrides or adds entries, so a new provider needs configuration, not code.
import { z } from 'zod';

export const StructuredMode = z.enum(['json_schema', 'json_object', 'text']);
export type StructuredMode = z.infer<typeof StructuredMode>;

export const Price = z.object({
  input: z.number().nonnegative().default(0),
  cached_input: z.number().nonnegative().default(0),
  output: z.number().nonnegative().default(0),
});
export type Price = z.infer<typeof Price>;

export const ModelCaps = z.object({
  /** How to ask for JSON: strict json_schema, json_object, or plain text with the schema in the prompt. */
  structured: StructuredMode.default('json_object'),
  /** The model streams a chain of thought (reasoning_content / reasoning / <think>) before the answer. */
  reasoning: z.boolean().default(false),
  /** Context window in tokens (prompt + output). */
  context: z.number().int().min(1024).default(32_768),
  /** Largest completion the server allows in one call. */
  max_output: z.number().int().min(256).default(4096),
  /** USD per million tokens. */
  price: Price.default({ input: 0, cached_input: 0, output: 0 }),
  /** Stream (SSE); false for servers whose streaming is broken. */
  stream: z.boolean().default(true),
  /** Ask for usage in the last streamed chunk (stream_options.include_usage). */
  stream_usage: z.boolean().default(true),
  /** OpenAI's o-series and gpt-5 want max_completion_tokens; most servers take max_tokens. */
  max_tokens_param: z.enum(['max_tokens', 'max_completion_tokens']).default('max_tokens'),
  /** Reasoning models often reject a temperature. */
  temperature: z.boolean().default(true),
});
export type ModelCaps = z.infer<typeof ModelCaps>;
export type ModelCapsInput = z.input<typeof ModelCaps>;

/** Prices as published by the providers when this was written; override them in LLM_MODELS. */
export const KNOWN_MODELS: Record<string, ModelCapsInput> = {
  'gpt-4o-mini': {
    structured: 'json_schema',
    context: 128_000,
    max_output: 16_384,
    price: { input: 0.15, cached_input: 0.075, output: 0.6 },
  },
  'gpt-4o': {
    structured: 'json_schema',
    context: 128_000,
    max_output: 16_384,
    price: { input: 2.5, cached_input: 1.25, output: 10 },
  },
  'gpt-4.1-mini': {
    structured: 'json_schema',
    context: 1_000_000,
    max_output: 32_768,
    price: { input: 0.4, cached_input: 0.1, output: 1.6 },
  },
  'deepseek-chat': {
    structured: 'json_object',
    context: 64_000,
    max_output: 8192,
    price: { input: 0.27, cached_input: 0.07, output: 1.1 },
  },
  'deepseek-reasoner': {
    structured: 'text',
    reasoning: true,
    context: 64_000,
    max_output: 32_768,
    temperature: false,
    price: { input: 0.55, cached_input: 0.14, output: 2.19 },
  },
  'qwen-plus': {
    structured: 'json_object',
    context: 131_072,
    max_output: 8192,
    price: { input: 0.4, cached_input: 0.16, output: 1.2 },
  },
  'qwen-turbo': {
    structured: 'json_object',
    context: 131_072,
    max_output: 8192,
    price: { input: 0.05, cached_input: 0.02, output: 0.2 },
  },
  // Local servers (Ollama, vLLM, llama.cpp): free; Ollama's default context is small unless num_ctx is raised.
  'llama3.1': { structured: 'json_object', context: 8192, max_output: 4096 },
  'qwen2.5': { structured: 'json_object', context: 8192, max_output: 4096 },
  'deepseek-r1': { structured: 'text', reasoning: true, context: 8192, max_output: 4096 },
};

export const ModelOverrides = z.record(z.string().min(1), ModelCaps.partial().passthrough());

/** Parse LLM_MODELS; a bad value names the variable (it is configuration, checked at first use). */
export function parseOverrides(raw: string | undefined): Record<string, Partial<ModelCapsInput>> {
  if (!raw) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new Error(`LLM_MODELS is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = ModelOverrides.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`LLM_MODELS: ${first?.path.join('.') ?? ''}: ${first?.message ?? 'invalid'}`);
  }
  return parsed.data as Record<string, Partial<ModelCapsInput>>;
}

/** Capabilities of a model: its known entry (by exact name, then by prefix such as `llama3.1:8b`) + overrides. */
export function capsFor(name: string, overrides: Record<string, Partial<ModelCapsInput>> = {}): ModelCaps {
  const base = name.split(':')[0] ?? name;
  const known = KNOWN_MODELS[name] ?? KNOWN_MODELS[base] ?? {};
  const price = { ...known.price, ...overrides[name]?.price };
  return ModelCaps.parse({ ...known, ...overrides[name], price });
}
