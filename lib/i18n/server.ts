// The request's language (locale cookie, else Accept-Language) and time zone (tz cookie, set by the
// browser; else the language's usual zone) for server components.
import { cookies, headers } from 'next/headers';
import { dictionaries, type Locale, type Messages, pickLocale } from './dictionaries';
import { safeTimeZone } from './format';

export async function getLocale(): Promise<Locale> {
  const [c, h] = await Promise.all([cookies(), headers()]);
  return pickLocale(c.get('locale')?.value, h.get('accept-language'));
}

export async function getMessages(): Promise<{ locale: Locale; t: Messages; timeZone: string }> {
  const [locale, c] = await Promise.all([getLocale(), cookies()]);
  const timeZone = safeTimeZone(c.get('tz')?.value, locale === 'zh' ? 'Asia/Shanghai' : 'UTC');
  return { locale, t: dictionaries[locale], timeZone };
}
