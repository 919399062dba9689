import { describe, expect, it } from 'vitest';
import { dayOffName, gradesLabel, nextLesson, periodTeachingDays } from './yearFormat.js';

describe('school year helpers', () => {
  it('proposes the next 45-minute lesson after a 10-minute break', () => {
    expect(nextLesson([], '13:30')).toEqual({ number: 1, startsAt: '13:30', endsAt: '14:15' });
    expect(nextLesson([{ number: 1, startsAt: '08:00', endsAt: '08:45' }])).toEqual({
      number: 2,
      startsAt: '08:55',
      endsAt: '09:40',
    });
    expect(nextLesson([{ number: 12, startsAt: '18:00', endsAt: '18:45' }])).toBeNull();
    expect(nextLesson([{ number: 3, startsAt: '23:00', endsAt: '23:45' }])).toBeNull();
  });

  it('names days off in the reader language and compresses grade lists', () => {
    const names = { kk: 'Наурыз мейрамы', ru: 'Праздник Наурыз', en: 'Nauryz' };
    expect(dayOffName({ name: 'Наурыз мейрамы', names }, 'en')).toBe('Nauryz');
    expect(dayOffName({ name: 'Сынақ ЕНТ', names: null }, 'ru')).toBe('Сынақ ЕНТ');
    expect(gradesLabel([1])).toBe('1');
    expect(gradesLabel([11, 9, 10, 1, 2])).toBe('1, 2, 9–11');
  });

  it('counts teaching days of a period without the days off of every grade', () => {
    const year = {
      daysPerWeek: 5,
      daysOff: [
        {
          id: 1,
          kind: 'holiday' as const,
          startsOn: '2026-12-16',
          endsOn: '2026-12-16',
          grades: null,
          name: 'x',
          names: null,
        },
        {
          id: 2,
          kind: 'break' as const,
          startsOn: '2026-12-14',
          endsOn: '2026-12-18',
          grades: [1],
          name: 'y',
          names: null,
        },
      ],
    };
    expect(periodTeachingDays(year, '2026-12-14', '2026-12-20')).toBe(4);
  });
});
