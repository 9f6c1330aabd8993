// The one place a result gets its report: the worker calls withQuality on whatever engine made
// the script, just before storing it. A report that cannot be computed is said in the result's
// warnings, never silently missing, and never fails the task.
import type { Language, ScriptResult } from '../schema';
import { prepareText } from '../text/prepare';
import { assessScriptAsync, type QualitySource } from './assess';

/**
 * The source as the report compares against it, prepared as the engines read it: the story's
 * chapters (a preface is a prologue chapter), without the notes, title page or table of contents,
 * and the first-person narrator's name.
 */
export function qualitySource(raw: string, title?: string): QualitySource {
  const prepared = prepareText(raw, title === undefined ? {} : { title });
  return {
    text: prepared.chapters.map((c) => c.text).join('\n'),
    chapters: prepared.chapters,
    language: prepared.language,
    notes: prepared.notes,
    narrator: prepared.narrator?.name,
  };
}

const UNAVAILABLE: Record<Language, string> = {
  zh: '质量报告未能生成',
  en: 'The quality report could not be computed',
};

export async function withQuality(
  result: ScriptResult,
  text: string,
  options: { episodeLength?: number | undefined; title?: string | undefined } = {},
): Promise<ScriptResult> {
  try {
    return { ...result, quality: await assessScriptAsync(result, qualitySource(text, options.title), options) };
  } catch (err) {
    const { quality: _stale, ...rest } = result;
    const reason = err instanceof Error ? err.message : String(err);
    return { ...rest, warnings: [...result.warnings, `${UNAVAILABLE[result.language]}: ${reason.slice(0, 200)}`] };
  }
}
