import type { Locale } from '@common/enums.js';

/** "Surname First Patronymic", the order used on Kazakhstan's documents and class lists. */
export function fullName(p: { surname: string; firstName: string; patronymic?: string | null }): string {
  return [p.surname, p.firstName, p.patronymic].filter((part) => part?.trim()).join(' ');
}

/**
 * ICU locale per UI language, for all-numeric dates only. Kazakhstan writes dates as 31.12.2024 in both
 * languages, but ICU's Kazakh data gives 2024-12-31, so Kazakh borrows the Russian pattern (digits only, no
 * words leak). English uses day-first dates too, as everything else in the country does.
 */
const INTL_LOCALE: Record<Locale, string> = { kk: 'ru-RU', ru: 'ru-RU', en: 'en-GB' };

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();
const timeFormats = new Map<Locale, Intl.DateTimeFormat>();

/** A calendar date (YYYY-MM-DD from the API) as the reader writes dates; no time-zone shift. */
export function formatDate(date: string | null | undefined, locale: Locale): string {
  if (!date) return '';
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      timeZone: 'UTC',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });
    dateFormats.set(locale, format);
  }
  return format.format(parsed);
}

/** An instant (ISO timestamp) in the browser's own time zone, to the second. */
export function formatDateTime(at: string, locale: Locale): string {
  const parsed = new Date(at);
  if (Number.isNaN(parsed.getTime())) return at;
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: 'short', timeStyle: 'medium' });
    timeFormats.set(locale, format);
  }
  return format.format(parsed);
}

/** Today's calendar date in Kazakhstan (UTC+5), the default start of a membership. */
export function todayInKazakhstan(now: Date = new Date()): string {
  return new Date(now.getTime() + 5 * 3_600_000).toISOString().slice(0, 10);
}
