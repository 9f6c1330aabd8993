// Dates and durations in the reader's language and time zone. Pure: the server and the browser
// format the same value the same way (the time zone comes from the `tz` cookie), so hydration
// never disagrees.
import { dictionaries, type Locale, localeTag } from './dictionaries';

export function formatDateTime(locale: Locale, timeZone: string, iso: string | null): string {
  if (!iso) return dictionaries[locale].time.dash;
  return new Intl.DateTimeFormat(localeTag(locale), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  }).format(new Date(iso));
}

export function formatTime(locale: Locale, timeZone: string, iso: string): string {
  return new Intl.DateTimeFormat(localeTag(locale), {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZone,
  }).format(new Date(iso));
}

export function formatDuration(locale: Locale, ms: number | null): string {
  const t = dictionaries[locale].time;
  if (ms === null || !Number.isFinite(ms) || ms < 0) return t.dash;
  if (ms < 10_000) return t.seconds(Math.round(ms / 100) / 10);
  const s = Math.round(ms / 1000);
  if (s < 60) return t.seconds(s);
  if (s < 3600) return t.minutes(Math.floor(s / 60), s % 60);
  return t.hours(Math.floor(s / 3600), Math.floor((s % 3600) / 60));
}

export function formatUsd(locale: Locale, usd: number): string {
  return new Intl.NumberFormat(localeTag(locale), {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: usd < 1 ? 4 : 2,
  }).format(usd);
}

/** A time zone Intl accepts, else the fallback (cookies are user input). */
export function safeTimeZone(tz: string | undefined, fallback: string): string {
  if (!tz) return fallback;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return fallback; // not a time zone: ignore the cookie
  }
}
