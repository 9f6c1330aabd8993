// The episode length rule both engines and the quality report share: a 短剧 episode runs 1–3
// minutes; zh is read at 300 字 a minute, en at 150 words a minute; 2 minutes when nobody asks.
import type { Language } from './schema';
import { sourceUnits } from './text/text';

/** Script units (zh characters, en words) spoken or read in one minute. */
export const UNITS_PER_MINUTE: Record<Language, number> = { zh: 300, en: 150 };
export const MIN_EPISODE_MINUTES = 1;
export const MAX_EPISODE_MINUTES = 3;
export const DEFAULT_EPISODE_MINUTES = 2;

/** Default target of one episode's lines: 600 字 / 300 words. */
export const DEFAULT_EPISODE_UNITS: Record<Language, number> = {
  zh: UNITS_PER_MINUTE.zh * DEFAULT_EPISODE_MINUTES,
  en: UNITS_PER_MINUTE.en * DEFAULT_EPISODE_MINUTES,
};

/** The 1–3 minute band in units of the language. */
export function episodeBounds(language: Language): { min: number; max: number } {
  return {
    min: UNITS_PER_MINUTE[language] * MIN_EPISODE_MINUTES,
    max: UNITS_PER_MINUTE[language] * MAX_EPISODE_MINUTES,
  };
}

/** The target length of an episode: the requested one held inside the 1–3 minute band. */
export function targetUnits(language: Language, requested?: number): number {
  const { min, max } = episodeBounds(language);
  return Math.min(max, Math.max(min, requested ?? DEFAULT_EPISODE_UNITS[language]));
}

/** Size of a script text in the language's units (字 without whitespace, or words). */
export const scriptUnits = (text: string, language: Language): number => sourceUnits(text, language);

/** Minutes a text of this many units runs. */
export const minutesOf = (units: number, language: Language): number => units / UNITS_PER_MINUTE[language];
