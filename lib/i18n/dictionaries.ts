// The dictionaries (zh.ts, en.ts) and how a request picks one.
import { en } from './en';
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
  const langs = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of langs) {
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh';
}
