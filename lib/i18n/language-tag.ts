// BCP 47 language tags (zh-CN, zh-Hant-TW, en-US, en_GB …) → the two languages Shortplay writes
// and shows. Pure and isomorphic: the task API's options.language, the typed client and the
// dashboard's Accept-Language all read tags through this one function.
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Primary subtags per language (ISO 639-1 and the 639-3 macro/individual codes browsers send). */
const PRIMARY: Record<string, Language> = { zh: 'zh', cmn: 'zh', yue: 'zh', wuu: 'zh', en: 'en', eng: 'en' };

/** What the 422 message lists as accepted. */
export const ACCEPTED_LANGUAGE_TAGS =
  'zh, zh-CN, zh-Hans, zh-TW, zh-HK, zh-Hant, en, en-US, en-GB (any BCP 47 tag of Chinese or English)';

/** The language a BCP 47 tag names, or null when it is not a well-formed tag of Chinese or English. */
export function normalizeLanguageTag(tag: string): Language | null {
  const raw = tag.trim().replaceAll('_', '-');
  if (raw === '' || raw.length > 35) return null;
  let primary: string;
  try {
    const [canonical] = Intl.getCanonicalLocales(raw);
    primary = canonical ? new Intl.Locale(canonical).language : '';
  } catch {
    return null; // not a well-formed BCP 47 tag
  }
  return PRIMARY[primary.toLowerCase()] ?? null;
}

/** The most preferred language an Accept-Language header names that we support, or null. */
export function languageFromAcceptLanguage(header: string | null | undefined): Language | null {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';').map((s) => s.trim());
      const q = params.find((p) => /^q=/i.test(p));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, q: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const language = normalizeLanguageTag(tag);
    if (language) return language;
  }
  return null;
}
