/**
 * Pure calendar arithmetic on 'YYYY-MM-DD' strings, shared by the server (lesson generation) and the web
 * (calendar views). Dates are calendar dates without a time zone: all arithmetic is done at UTC midnight,
 * so no daylight-saving or server-zone shift can move a day.
 */

export type IsoDate = string;

/** A day off or a break, inclusive on both ends; `grades` null = every grade. */
export interface CalendarDayOff {
  startsOn: IsoDate;
  endsOn: IsoDate;
  grades: readonly number[] | null;
}

export interface TeachingDatesInput {
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** 5 = Monday–Friday, 6 = Monday–Saturday. Sunday is never a teaching day. */
  daysPerWeek: 5 | 6 | number;
  daysOff: readonly CalendarDayOff[];
  /**
   * The grade whose dates are wanted: grade-specific days off (grade 1's extra February week) apply only to
   * the grades they list. Omitted or null: only the days off of every grade apply.
   */
  grade?: number | null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Milliseconds at UTC midnight of a valid 'YYYY-MM-DD', or NaN for anything else (also 2026-02-30). */
export function dateToUtcMs(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 30 February over into March; a real date survives the round trip.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return Number.NaN;
  return ms;
}

export const isIsoDate = (value: string): boolean => !Number.isNaN(dateToUtcMs(value));

const fromUtcMs = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

function mustParse(date: IsoDate): number {
  const ms = dateToUtcMs(date);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${date}`);
  return ms;
}

/** 1 = Monday … 7 = Sunday (ISO 8601), the numbering timetable_entries.weekday uses. */
export function isoWeekday(date: IsoDate): number {
  const day = new Date(mustParse(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(mustParse(date) + days * DAY_MS);
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((mustParse(b) - mustParse(a)) / DAY_MS);
}

/** Every date from `startsOn` to `endsOn` inclusive (empty when the range is reversed). */
export function eachDate(startsOn: IsoDate, endsOn: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  const end = mustParse(endsOn);
  for (let ms = mustParse(startsOn); ms <= end; ms += DAY_MS) out.push(fromUtcMs(ms));
  return out;
}

/** Whether a day off applies to the grade (a grade-specific one never applies when no grade is given). */
export function dayOffAppliesTo(dayOff: CalendarDayOff, grade: number | null | undefined): boolean {
  if (dayOff.grades === null) return true;
  return grade !== null && grade !== undefined && dayOff.grades.includes(grade);
}

/** Whether `date` is a day off for the grade. */
export function isDayOff(date: IsoDate, daysOff: readonly CalendarDayOff[], grade?: number | null): boolean {
  // ISO dates compare correctly as strings.
  return daysOff.some((d) => d.startsOn <= date && date <= d.endsOn && dayOffAppliesTo(d, grade));
}

/** Whether the weekday is taught at all in a week of `daysPerWeek` days. */
export const isSchoolWeekday = (date: IsoDate, daysPerWeek: number): boolean => isoWeekday(date) <= daysPerWeek;

/**
 * The dates lessons are held on between `startsOn` and `endsOn` (inclusive): skips Sundays, Saturdays in a
 * five-day week, and every day off that applies to the grade. Sorted ascending.
 */
export function teachingDates(input: TeachingDatesInput): IsoDate[] {
  const { startsOn, endsOn, daysPerWeek, daysOff, grade } = input;
  const relevant = daysOff.filter((d) => d.endsOn >= startsOn && d.startsOn <= endsOn && dayOffAppliesTo(d, grade));
  return eachDate(startsOn, endsOn).filter(
    (date) => isSchoolWeekday(date, daysPerWeek) && !relevant.some((d) => d.startsOn <= date && date <= d.endsOn),
  );
}

/** 'HH:MM' (or 'HH:MM:SS' from a time column) → minutes after midnight, or NaN. */
export function timeToMinutes(time: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(time);
  if (!m) return Number.NaN;
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Minutes after midnight → 'HH:MM'. */
export function minutesToTime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
