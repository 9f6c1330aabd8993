// Tokens spent by the LLM engine ÷ the lower bound (the novel read once + everything written),
// on 阿Q正传 against the fake OpenAI server. Run: node --import tsx bench/llm-tokens.ts
import { capsFor } from '../lib/llm/catalog';
import { createSdk, type LlmSettings } from '../lib/llm/client';
import { estimateTokens } from '../lib/llm/tokens';
import { createLlmGenerator } from '../lib/pipeline/llm';
import { AQ, fakeContext } from '../lib/pipeline/offline/test-support';
import { startFakeOpenAI } from '../tests/fake-openai/server';

const fake = await startFakeOpenAI();
const settings: LlmSettings = {
  apiKey: 'test',
  baseURL: fake.url,
  callTimeoutMs: 60_000,
  idleTimeoutMs: 10_000,
  maxRetries: 2,
  retryBaseMs: 100,
  concurrency: 3,
};
const text = AQ();
const rows: string[] = [];
const byStep: string[] = [];
for (const [label, caps] of [
  ['64k context (deepseek-chat-like)', { structured: 'json_object', context: 64_000, max_output: 8192 }],
  ['16k context', { structured: 'json_schema', context: 16_000, max_output: 4096 }],
  ['8k context (Ollama default-like)', { structured: 'json_object', context: 8192, max_output: 4096 }],
] as const) {
  fake.reset();
  const engine = createLlmGenerator({
    settings,
    sdk: createSdk(settings),
    model: (name) => ({ name, ...capsFor(name, { [name]: caps }) }),
  });
  const t0 = Date.now();
  const r = await engine.generate(
    { title: '阿Q正传', text },
    { language: 'zh', episodes: 10, model: 'fake-chat' },
    fakeContext(),
  );
  const u = r.usage;
  const source = estimateTokens(text);
  const lower = source + u.completion_tokens;
  const spent = u.prompt_tokens + u.completion_tokens;
  rows.push(
    `| ${label} | ${u.calls} | ${source} | ${u.prompt_tokens} | ${u.completion_tokens} | ${lower} | ${spent} | **${(spent / lower).toFixed(2)}** | ${Date.now() - t0} ms |`,
  );
  const steps = Object.entries(fake.stats.promptByStep).map(([k, v]) => `${k} ${v}`);
  byStep.push(`${label}: prompt tokens by step — ${steps.join(', ')}`);
}
await fake.close();
console.log('| model | calls | novel tokens | prompt | completion | lower bound | spent | ratio | time |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
console.log('');
for (const b of byStep) console.log(b);
