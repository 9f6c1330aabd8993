// The LLM engine against the fake OpenAI server in this process: one setup for its tests and benches.
import { fakeLlmSettings } from '../../../tests/fake-openai/env';
import type { FakeOpenAI } from '../../../tests/fake-openai/server';
import { capsFor } from '../../llm/catalog';
import { createSdk, type LlmSettings } from '../../llm/client';
import { fakeContext } from '../offline/test-support';
import type { ScriptResult } from '../schema';
import type { GenerateContext, GenerateOptions } from '../types';
import { createLlmGenerator } from './engine';

export interface Caps {
  structured: 'json_schema' | 'json_object' | 'text';
  context: number;
  max_output: number;
}

export const CAPS_16K: Caps = { structured: 'json_schema', context: 16_000, max_output: 4096 };

export function fakeEngine(fake: FakeOpenAI, caps: Caps = CAPS_16K, overrides: Partial<LlmSettings> = {}) {
  const settings = fakeLlmSettings(fake, overrides);
  const engine = createLlmGenerator({
    settings,
    sdk: createSdk(settings),
    model: (name) => ({ name, ...capsFor(name, { [name]: caps }) }),
  });
  return (
    text: string,
    options: Partial<GenerateOptions> & { language: 'zh' | 'en' },
    ctx: GenerateContext = fakeContext(),
    title = options.language === 'zh' ? '阿Q正传' : 'Alice',
  ): Promise<ScriptResult> => engine.generate({ title, text }, { model: 'fake-chat', ...options }, ctx);
}
