// The shared episode length rule: a 短剧 episode runs 1–3 minutes. Spoken script reads at about
// 300 字 a minute in Chinese and 150 words a minute in English; the default target is 2 minutes.
import type { Language } from './schema';
import { sourceUnits } from './text/text';

export const UNITS_PER_MINUTE: Record<Language, number> = { zh: 300, en: 150 };
export const EPISODE_MINUTES = { min: 1, max: 3 } as const;
export const DEFAULT_EPISODE_LENGTH: Record<Language, number> = { zh: 600, en: 300 };

export interface LengthRange {
  min: number;
  max: number;
  target: number;
}

/**
 * The length an episode should have, in 字 (zh) or words (en). The 1–3 minute norm, unless the
 * task asked for a target outside it: then half to one and a half times that target.
 */
export function episodeLengthRange(language: Language, target?: number): LengthRange {
  const perMinute = UNITS_PER_MINUTE[language];
  const norm = { min: EPISODE_MINUTES.min * perMinute, max: EPISODE_MINUTES.max * perMinute };
  const t = target ?? DEFAULT_EPISODE_LENGTH[language];
  if (t >= norm.min && t <= norm.max) return { ...norm, target: t };
  return { min: Math.round(t * 0.5), max: Math.round(t * 1.5), target: t };
}

/** Minutes of screen time a text of this many units takes. */
export const minutesOf = (units: number, language: Language): number => units / UNITS_PER_MINUTE[language];

/** Length of a piece of script in the episode unit: CJK characters for zh, words for en. */
export const lengthUnits = (text: string, language: Language): number => sourceUnits(text, language);
