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

/**
 * Labels for a time axis's ticks (seconds since the epoch) in the reader's language and time zone:
 * dates when ticks are a day or more apart; otherwise hours and minutes, with the date above the
 * first tick and above each tick that starts a new day.
 */
export function timeAxisLabels(locale: Locale, timeZone: string, ticks: number[], incrementSeconds: number): string[] {
  const tag = localeTag(locale);
  const date = new Intl.DateTimeFormat(tag, { month: 'short', day: 'numeric', timeZone });
  if (incrementSeconds >= 86_400) return ticks.map((s) => date.format(new Date(s * 1000)));
  const time = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', hour12: false, timeZone });
  let previousDay = '';
  return ticks.map((s, i) => {
    const d = new Date(s * 1000);
    const day = date.format(d);
    const label = i === 0 || day !== previousDay ? `${day}\n${time.format(d)}` : time.format(d);
    previousDay = day;
    return label;
  });
}
