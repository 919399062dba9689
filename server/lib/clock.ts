/**
 * The time source of the whole server. Tests replace it to travel through password ages,
 * credential expiry and purge schedules without waiting.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test can move. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date()) {}
  now() {
    return new Date(this.current);
  }
  set(d: Date) {
    this.current = new Date(d);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Kazakhstan has one time zone (UTC+5 since March 2024). "Today" for memberships, lessons and terms is the
 * Kazakhstan calendar date, whatever the server's own zone.
 */
export const SCHOOL_TIME_ZONE = 'Asia/Almaty';
const dateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: SCHOOL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/**
 * The calendar date (YYYY-MM-DD) in Kazakhstan at the given instant. Every request asks (session lookup, access
 * checks) and Intl formatting was ≈ 2 % of the diary week's busy CPU (--cpu-prof): the answer is kept for the
 * minute — the zone's offset is whole hours, so the date cannot change within one.
 */
let cachedMinute = Number.NaN;
let cachedDate = '';
export const localDate = (at: Date) => {
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== cachedMinute) {
    cachedDate = dateFormat.format(at);
    cachedMinute = minute;
  }
  return cachedDate;
};
