import { minutesToTime, teachingDates, timeToMinutes } from '@common/calendar.js';
import type { Locale } from '@common/enums.js';
import type { SchoolYear, ShiftBells } from '../../api/school-year.js';

type DayOff = SchoolYear['daysOff'][number];
type BellLesson = ShiftBells['lessons'][number];

/** A day off in the reader's language: the national calendar's name when it has one, else the school's own. */
export const dayOffName = (d: Pick<DayOff, 'name' | 'names'>, locale: Locale) => d.names?.[locale] ?? d.name;

/** Teaching days of a period for the grades every day off applies to (grade-specific ones are left out). */
export function periodTeachingDays(
  year: Pick<SchoolYear, 'daysPerWeek' | 'daysOff'>,
  startsOn: string,
  endsOn: string,
) {
  return teachingDates({ startsOn, endsOn, daysPerWeek: year.daysPerWeek, daysOff: year.daysOff }).length;
}

export const LESSON_MINUTES = 45;
export const BREAK_MINUTES = 10;

/**
 * The lesson an "add lesson" button appends: the next number, starting a short break after the last one
 * ends and lasting a standard lesson (45 min, kz-school-rules §2.2); the first one of a shift at `firstStart`.
 */
export function nextLesson(lessons: readonly BellLesson[], firstStart = '08:00'): BellLesson | null {
  const last = lessons.at(-1);
  const number = last ? last.number + 1 : 1;
  if (number > 12) return null;
  const lastEnd = last ? timeToMinutes(last.endsAt) : Number.NaN;
  const start = Number.isNaN(lastEnd) ? timeToMinutes(firstStart) : lastEnd + BREAK_MINUTES;
  if (start + LESSON_MINUTES >= 24 * 60) return null;
  return { number, startsAt: minutesToTime(start), endsAt: minutesToTime(start + LESSON_MINUTES) };
}

/** The usual first bell of each shift, for an empty schedule. */
export const SHIFT_FIRST_START: Record<number, string> = { 1: '08:00', 2: '13:30', 3: '18:00' };

/** Grades 0 (pre-school class) … 12. */
export const GRADES = Array.from({ length: 13 }, (_, g) => g);

/** "1, 5–7, 11" for a grade list. */
export function gradesLabel(grades: readonly number[]): string {
  const sorted = [...new Set(grades)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    parts.push(j - i >= 2 ? `${sorted[i]}–${sorted[j]}` : sorted.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}
