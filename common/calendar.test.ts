import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  eachDate,
  isDayOff,
  isIsoDate,
  isoWeekday,
  minutesToTime,
  teachingDates,
  timeToMinutes,
} from './calendar.js';

describe('calendar', () => {
  it('numbers weekdays the ISO way (Monday 1 … Sunday 7)', () => {
    expect(isoWeekday('2026-09-01')).toBe(2); // a Tuesday
    expect(isoWeekday('2026-09-06')).toBe(7);
    expect(isoWeekday('2026-09-07')).toBe(1);
    expect(isoWeekday('2024-02-29')).toBe(4);
  });

  it('validates dates strictly and walks across months, leap days and years', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('26-01-01')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-09-01', '2027-05-25')).toBe(266);
    expect(eachDate('2026-10-30', '2026-11-02')).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    expect(eachDate('2026-11-02', '2026-11-01')).toEqual([]);
    expect(() => isoWeekday('2026-02-30')).toThrow(RangeError);
  });

  it('skips Sundays always and Saturdays in a five-day week', () => {
    const week = { startsOn: '2026-09-07', endsOn: '2026-09-13', daysOff: [] };
    expect(teachingDates({ ...week, daysPerWeek: 5 })).toEqual([
      '2026-09-07',
      '2026-09-08',
      '2026-09-09',
      '2026-09-10',
      '2026-09-11',
    ]);
    expect(teachingDates({ ...week, daysPerWeek: 6 })).toHaveLength(6);
    expect(teachingDates({ ...week, daysPerWeek: 6 }).at(-1)).toBe('2026-09-12');
  });

  it('skips days off of every grade and grade-specific ones only for those grades', () => {
    const daysOff = [
      { startsOn: '2027-02-08', endsOn: '2027-02-14', grades: [1] }, // grade 1's extra week
      { startsOn: '2027-02-10', endsOn: '2027-02-10', grades: null },
    ];
    const base = { startsOn: '2027-02-08', endsOn: '2027-02-12', daysPerWeek: 5, daysOff };
    expect(teachingDates({ ...base, grade: 1 })).toEqual([]);
    expect(teachingDates({ ...base, grade: 2 })).toEqual(['2027-02-08', '2027-02-09', '2027-02-11', '2027-02-12']);
    // No grade: only the days off of every grade count.
    expect(teachingDates(base)).toEqual(['2027-02-08', '2027-02-09', '2027-02-11', '2027-02-12']);
    expect(isDayOff('2027-02-09', daysOff, 1)).toBe(true);
    expect(isDayOff('2027-02-09', daysOff, 5)).toBe(false);
    expect(isDayOff('2027-02-10', daysOff)).toBe(true);
  });

  it('counts 34 teaching weeks in the 2026–27 year minus holidays (grade 1: one week fewer)', () => {
    const breaks = [
      { startsOn: '2026-10-26', endsOn: '2026-11-01', grades: null },
      { startsOn: '2026-12-28', endsOn: '2027-01-10', grades: null },
      { startsOn: '2027-03-22', endsOn: '2027-03-28', grades: null },
      { startsOn: '2027-02-08', endsOn: '2027-02-14', grades: [1] },
    ];
    const year = { startsOn: '2026-09-01', endsOn: '2027-05-25', daysPerWeek: 5, daysOff: breaks };
    const grade2 = teachingDates({ ...year, grade: 2 });
    const grade1 = teachingDates({ ...year, grade: 1 });
    expect(grade2[0]).toBe('2026-09-01');
    expect(grade2.at(-1)).toBe('2027-05-25');
    expect(grade2.length - grade1.length).toBe(5);
    expect(grade2.every((d) => isoWeekday(d) <= 5)).toBe(true);
  });

  it('converts bell times', () => {
    expect(timeToMinutes('08:00')).toBe(480);
    expect(timeToMinutes('13:30:00')).toBe(810);
    expect(timeToMinutes('24:00')).toBeNaN();
    expect(timeToMinutes('8:00')).toBeNaN();
    expect(minutesToTime(525)).toBe('08:45');
  });
});
