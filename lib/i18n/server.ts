import { cookies, headers } from 'next/headers';
import { dictionaries, type Locale, type Messages, pickLocale } from './messages';

export async function getLocale(): Promise<Locale> {
  const [c, h] = await Promise.all([cookies(), headers()]);
  return pickLocale(c.get('locale')?.value, h.get('accept-language'));
}

export async function getMessages(): Promise<{ locale: Locale; t: Messages }> {
  const locale = await getLocale();
  return { locale, t: dictionaries[locale] };
}
