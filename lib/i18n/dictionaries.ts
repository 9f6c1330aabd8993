// The dictionaries (zh.ts, en.ts) and how a request picks one.
import { en } from './en';
import { languageFromAcceptLanguage } from './language-tag';
import { type Messages, zh } from './zh';

export type { Messages };
export const LOCALES = ['zh', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const dictionaries: Record<Locale, Messages> = { zh, en };

/** BCP 47 tag for Intl and <html lang>. */
export const localeTag = (locale: Locale): string => (locale === 'zh' ? 'zh-CN' : 'en');

/** zh unless the browser prefers English over Chinese (or the locale cookie says otherwise). */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
  if (cookie === 'zh' || cookie === 'en') return cookie;
  return languageFromAcceptLanguage(acceptLanguage) ?? 'zh';
}
