import type { Locale } from '@common/enums.js';

/** Kazakhstan keeps one time zone (UTC+5); the server's "today" is the date there too (server/lib/clock.ts). */
const SCHOOL_TIME_ZONE = 'Asia/Almaty';

/**
 * Kazakh and Russian write dates as 01.09.2026. Built from the Russian rules for both, because browsers with a
 * reduced ICU (Chromium on Linux) have no Kazakh month names and print "2026 M09 1" instead.
 */
const FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  kk: new Intl.DateTimeFormat('ru-RU', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: SCHOOL_TIME_ZONE,
  }),
  ru: new Intl.DateTimeFormat('ru-RU', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: SCHOOL_TIME_ZONE,
  }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: SCHOOL_TIME_ZONE }),
};

/** A moment (ISO timestamp) as the calendar date in Kazakhstan, written the way the UI language writes dates. */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : FORMATS[locale].format(date);
}

const TIME = new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', timeZone: SCHOOL_TIME_ZONE });

/** A moment (ISO timestamp) as the time of day in Kazakhstan, 24-hour (14:05) in every UI language. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : TIME.format(date);
}
