import { addDays, isoWeekday } from '@common/calendar.js';

/** Today's calendar date in Kazakhstan (the school's "today", whatever the device's own zone). */
export function schoolToday(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Almaty',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** The Monday of the week containing `date`. */
export const mondayOf = (date: string) => addDays(date, 1 - isoWeekday(date));

/** The days shown for a week: Monday … Saturday (Saturday only in a six-day week or when it has lessons). */
export const weekDays = (monday: string, days: number) => Array.from({ length: days }, (_, i) => addDays(monday, i));

export { addDays, isoWeekday };
