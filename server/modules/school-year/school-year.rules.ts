import { timeToMinutes } from '@common/calendar.js';
import type { DayOffInput, PeriodInput, ShiftBells } from '@common/schemas/school-year.js';
import { AppError } from '../../errors.js';

/**
 * Business checks of a year's calendar that need more than one field (zod checks each field). Each failure
 * is a 422 with an `errors:schoolYear.*` code and parameters the message names, so the administrator sees
 * which row is wrong.
 */
const invalid = (code: string, params: Record<string, string | number> = {}) =>
  new AppError(422, `schoolYear.${code}`, params);

interface YearDates {
  startsOn: string;
  endsOn: string;
}

/** A year runs at most ~13 months: a typo in a year would otherwise create a decade of calendar. */
export const MAX_YEAR_DAYS = 400;

export function checkYearDates(startsOn: string, endsOn: string) {
  if (endsOn <= startsOn) throw invalid('endBeforeStart');
  const days = (Date.parse(endsOn) - Date.parse(startsOn)) / 86_400_000;
  if (days > MAX_YEAR_DAYS) throw invalid('tooLong', { days: MAX_YEAR_DAYS });
}

const inside = (y: YearDates, from: string, to: string) => y.startsOn <= from && to <= y.endsOn;

/**
 * Periods: inside the year; per kind the numbers are 1 … n without gaps or repeats (quarters at most 4,
 * half-years at most 2); in number order they follow each other without overlapping. A half-year may span
 * quarters (it does by design).
 */
export function checkPeriods(year: YearDates, periods: readonly PeriodInput[]) {
  for (const kind of ['quarter', 'half_year'] as const) {
    // Codes per kind, so each language words "quarter 3" / "half-year 2" its own way.
    const k = kind === 'quarter' ? 'quarter' : 'halfYear';
    const list = periods.filter((p) => p.kind === kind).sort((a, b) => a.number - b.number);
    const max = kind === 'quarter' ? 4 : 2;
    list.forEach((p, i) => {
      if (!inside(year, p.startsOn, p.endsOn)) throw invalid(`${k}OutsideYear`, { number: p.number });
      if (p.number > max) throw invalid(`${k}Numbers`, { max });
      const prev = list[i - 1];
      if (prev?.number === p.number) throw invalid(`${k}Duplicate`, { number: p.number });
      if (p.number !== i + 1) throw invalid(`${k}Numbers`, { max });
      if (prev && p.startsOn <= prev.endsOn) throw invalid(`${k}Overlap`, { number: p.number, previous: prev.number });
    });
  }
}

/** Days off: inside the year. Grades are made unique and sorted (the order carries no meaning). */
export function normaliseDaysOff(year: YearDates, daysOff: readonly DayOffInput[]): DayOffInput[] {
  return daysOff.map((d) => {
    if (!inside(year, d.startsOn, d.endsOn)) throw invalid('dayOffOutsideYear', { date: d.startsOn });
    return { ...d, grades: d.grades ? [...new Set(d.grades)].sort((a, b) => a - b) : null };
  });
}

/**
 * Bells: only the year's shifts, each shift once; within a shift lessons are sorted by number (each number
 * once), every lesson starts before it ends, and each starts no earlier than the previous one ended.
 * Shifts may overlap each other (grades of the two shifts are different children).
 */
export function checkBells(yearShifts: number, shifts: readonly ShiftBells[]) {
  const seen = new Set<number>();
  for (const s of shifts) {
    if (s.shift > yearShifts) throw invalid('shiftBeyondYear', { shift: s.shift, shifts: yearShifts });
    if (seen.has(s.shift)) throw invalid('duplicateShift', { shift: s.shift });
    seen.add(s.shift);
    s.lessons.forEach((l, i) => {
      const start = timeToMinutes(l.startsAt);
      const end = timeToMinutes(l.endsAt);
      if (start >= end) throw invalid('bellEndBeforeStart', { shift: s.shift, number: l.number });
      const prev = s.lessons[i - 1];
      if (!prev) return;
      if (l.number <= prev.number) throw invalid('bellsNotSorted', { shift: s.shift, number: l.number });
      if (start < timeToMinutes(prev.endsAt))
        throw invalid('bellsOverlap', { shift: s.shift, number: l.number, previous: prev.number });
    });
  }
}
