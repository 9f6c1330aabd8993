// The LLM ScriptGenerator: 解析 → 分段摘要 (map over chunks) → 梗概与人物 (reduce) → 分集大纲 →
// 分场剧本 (per episode) → 校验. Each finished piece is a checkpoint, so a retry resumes without
// calling the model again for it; the task's signal reaches every HTTP request.
import type OpenAI from 'openai';
import { createSdk, type LlmSettings, settingsFromEnv } from '../../llm/client';
import { type ModelInfo, modelInfo } from '../../llm/models';
import { LlmSession } from '../../llm/structured';
import { UsageMeter } from '../../llm/usage';
import { promptsFor } from '../prompts';
import { type Language, ScriptResult } from '../schema';
import { splitChapters } from '../text/chapters';
import { detectLanguage } from '../text/text';
import { AbortedError, type GenerateContext, type GenerateOptions, type ScriptGenerator } from '../types';
import { bibleWork, writeBible } from './bible';
import { checkLlmScript } from './check';
import { budgetFor, makeChunks } from './chunks';
import { episodeCount, outlineWork, writeOutline } from './outline';
import { Progress } from './progress';
import type { Run } from './run';
import { chunkWork, summarizeChunks } from './summarize';
import { episodeWork, writeEpisodes } from './write';

export interface LlmEngineDeps {
  settings?: LlmSettings;
  sdk?: OpenAI;
  model?: (name: string) => ModelInfo;
}

/** Target episode length when none is asked for: zh characters, en words. */
export const DEFAULT_EPISODE_LENGTH: Record<Language, number> = { zh: 650, en: 600 };

export function createLlmGenerator(deps: LlmEngineDeps = {}): ScriptGenerator {
  return {
    name: 'llm',
    async generate(input, options: GenerateOptions, ctx: GenerateContext): Promise<ScriptResult> {
      if (!options.model) throw new Error('the LLM engine needs options.model');
      try {
        return await generate(deps, input, options, ctx);
      } catch (err) {
        if (ctx.signal.aborted) throw new AbortedError();
        throw err;
      }
    },
  };
}

async function generate(
  deps: LlmEngineDeps,
  input: { title: string; text: string },
  options: GenerateOptions,
  ctx: GenerateContext,
): Promise<ScriptResult> {
  const model = (deps.model ?? modelInfo)(options.model ?? '');
  const settings = deps.settings ?? settingsFromEnv();
  const sdk = deps.sdk ?? createSdk(settings);
  const source = detectLanguage(input.text);
  const output: Language = options.language ?? source;
  const prompts = promptsFor(output);
  const progress = new Progress(ctx, prompts);
  const meter = new UsageMeter(model.price);
  const run: Run = {
    title: input.title.trim() || (output === 'zh' ? '未命名' : 'Untitled'),
    session: new LlmSession(sdk, settings, model, prompts.phrases, ctx.signal),
    prompts,
    output,
    ctx,
    meter,
    progress,
    concurrency: settings.concurrency,
    episodeLength: options.episodeLength ?? DEFAULT_EPISODE_LENGTH[output],
    style: options.style,
  };

  // 1. 解析
  await progress.enter('parse');
  const chapters = splitChapters(input.text, source);
  const chunks = makeChunks(chapters, budgetFor(model), `${model.name}|${output}`);
  const count = episodeCount(chapters, source, options.episodes);
  const inputTokens = chunks.reduce((s, c) => s + c.tokens, 0);
  progress.plan(chunks.reduce((s, c) => s + chunkWork(c), 0));
  progress.plan(bibleWork(Math.ceil(inputTokens * 0.06)));
  progress.plan(outlineWork(count, chapters.length));
  progress.plan(count * episodeWork(2500, run.episodeLength));

  // 2. 分段摘要 → 3. 梗概与人物 → 4. 分集大纲 → 5. 分场剧本
  const summaries = await summarizeChunks(run, chunks);
  const bible = await writeBible(run, chapters, summaries);
  const { outline, fixed } = await writeOutline(run, chapters, summaries, bible, count);
  const episodes = await writeEpisodes(run, outline, summaries, bible);

  // 6. 校验
  progress.settle();
  await progress.enter('check');
  const checked = checkLlmScript({
    output,
    characters: bible.characters,
    episodes,
    chapters: chapters.map((c) => c.number),
    requestedEpisodes: count,
    outlineFixed: fixed,
  });
  const result = ScriptResult.parse({
    title: run.title,
    logline: bible.logline,
    language: output,
    characters: checked.characters,
    episodes,
    source: {
      chapters: chapters.map((c) => ({ number: c.number, title: c.title, chars: c.text.length })),
      characters_found: bible.characters.length,
      total_chars: input.text.length,
    },
    engine: { name: 'llm', model: model.name },
    usage: meter.total,
    warnings: checked.warnings,
  });
  await progress.report();
  return result;
}
