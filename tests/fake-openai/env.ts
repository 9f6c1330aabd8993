// Pointing the product at a fake OpenAI server: the environment of a web process and its workers,
// or the settings of an in-process lib/llm client.
import type { LlmSettings } from '../../lib/llm/client';
import type { FakeOpenAI } from './server';

/** Settings for calling the fake server in this process (lib/llm's and the LLM engine's unit tests). */
export function fakeLlmSettings(fake: FakeOpenAI, overrides: Partial<LlmSettings> = {}): LlmSettings {
  return {
    apiKey: 'test',
    baseURL: fake.url,
    callTimeoutMs: 10_000,
    idleTimeoutMs: 2000,
    maxRetries: 2,
    retryBaseMs: 10,
    concurrency: 3,
    ...overrides,
  };
}

export function llmEnv(fake: FakeOpenAI, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OPENAI_API_KEY: 'test',
    OPENAI_BASE_URL: fake.url,
    OPENAI_MODEL: 'fake-chat',
    OPENAI_MODELS: 'fake-reasoner,fake-text',
    LLM_MODELS: JSON.stringify({
      'fake-chat': { structured: 'json_schema', context: 16000, max_output: 4096, price: { input: 0.27, output: 1.1 } },
      'fake-reasoner': { structured: 'text', reasoning: true, context: 16000, max_output: 8192 },
      'fake-text': { structured: 'text', context: 16000, max_output: 4096, stream: false },
    }),
    LLM_IDLE_TIMEOUT_MS: '3000',
    LLM_CALL_TIMEOUT_MS: '20000',
    LLM_RETRY_BASE_MS: '50',
    LLM_MAX_RETRIES: '2',
    LLM_CONCURRENCY: '3',
    ...extra,
  };
}
