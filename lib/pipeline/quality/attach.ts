// The one place a result gets its report: the worker calls withQuality on whatever engine made
// the script, just before storing it. A report that cannot be computed is said in the result's
// warnings, never silently missing, and never fails the task.
import type { Language, ScriptResult } from '../schema';
import { splitChapters } from '../text/chapters';
import { detectLanguage } from '../text/text';
import { assessScript, type QualitySource } from './assess';

/** The source as the report compares against it: the novel's language and chapters. */
export function qualitySource(text: string): QualitySource {
  const language: Language = detectLanguage(text);
  return { text, chapters: splitChapters(text, language), language };
}

const UNAVAILABLE: Record<Language, string> = {
  zh: '质量报告未能生成',
  en: 'The quality report could not be computed',
};

export function withQuality(
  result: ScriptResult,
  text: string,
  options: { episodeLength?: number | undefined } = {},
): ScriptResult {
  try {
    return { ...result, quality: assessScript(result, qualitySource(text), options) };
  } catch (err) {
    const { quality: _stale, ...rest } = result;
    const reason = err instanceof Error ? err.message : String(err);
    return { ...rest, warnings: [...result.warnings, `${UNAVAILABLE[result.language]}: ${reason.slice(0, 200)}`] };
  }
}
