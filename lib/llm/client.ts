// The OpenAI SDK against any OpenAI-compatible endpoint, with the SDK's own retries and timeout
// turned off: lib/llm/call.ts owns retries (with Retry-After), deadlines and abort.
import OpenAI from 'openai';
import { env } from '../env';

export interface LlmSettings {
  apiKey: string;
  baseURL?: string | undefined;
  /** Hard wall-clock ceiling of one call, streaming included. */
  callTimeoutMs: number;
  /** No content or reasoning token for this long → the call is treated as hung. */
  idleTimeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  concurrency: number;
}

export function settingsFromEnv(): LlmSettings {
  return {
    apiKey: env.OPENAI_API_KEY ?? '',
    baseURL: env.OPENAI_BASE_URL,
    callTimeoutMs: env.LLM_CALL_TIMEOUT_MS,
    idleTimeoutMs: env.LLM_IDLE_TIMEOUT_MS,
    maxRetries: env.LLM_MAX_RETRIES,
    retryBaseMs: env.LLM_RETRY_BASE_MS,
    concurrency: env.LLM_CONCURRENCY,
  };
}

export function createSdk(s: LlmSettings): OpenAI {
  return new OpenAI({
    apiKey: s.apiKey || 'none',
    baseURL: s.baseURL ?? null,
    maxRetries: 0,
    timeout: s.callTimeoutMs,
    logLevel: 'off',
  });
}
