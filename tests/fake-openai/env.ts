// Environment that points a web process and its workers at a fake OpenAI server.
import type { FakeOpenAI } from './server';

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
