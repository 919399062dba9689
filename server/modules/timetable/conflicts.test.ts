import { describe, expect, it } from 'vitest';
import {
  type Bell,
  involving,
  type SlotItem,
  slotConflicts,
  type TimetableRules,
  timetableConflicts,
  weeklyHours,
} from './conflicts.js';

/** Two shifts whose ends overlap: shift 1's lesson 6 (12:50–13:35) overlaps shift 2's lesson 1 (13:30–14:15). */
const BELLS: Bell[] = [
  { shift: 1, lessonNumber: 1, startsAt: '08:30', endsAt: '09:15' },
  { shift: 1, lessonNumber: 2, startsAt: '09:25', endsAt: '10:10' },
  { shift: 1, lessonNumber: 3, startsAt: '10:20', endsAt: '11:05' },
  { shift: 1, lessonNumber: 4, startsAt: '11:15', endsAt: '12:00' },
  { shift: 1, lessonNumber: 5, startsAt: '12:05', endsAt: '12:50' },
  { shift: 1, lessonNumber: 6, startsAt: '12:50', endsAt: '13:35' },
  { shift: 2, lessonNumber: 1, startsAt: '13:30', endsAt: '14:15' },
  { shift: 2, lessonNumber: 2, startsAt: '14:25', endsAt: '15:10' },
];

let n = 0;
function item(over: Partial<SlotItem> = {}): SlotItem {
  n++;
  return {
    key: `e${n}`,
    classId: 100 + n,
    subgroupId: null,
    subjectId: 500 + n,
    teacherPersonId: 900 + n,
    roomId: null,
    day: 1,
    shift: 1,
    lessonNumber: 1,
    ...over,
  };
}

const rules = (over: Partial<TimetableRules> = {}): TimetableRules => ({
  bells: BELLS,
  classes: new Map([
    [1, { grade: 5, language: 'kk' }],
    [2, { grade: 1, language: 'ru' }],
  ]),
  maxLessonsPerDay: [4, 4, 5, 5, 5, 5, 7, 7, 7, 7, 7, 7, 7],
  curriculum: [
    { grade: 5, language: 'kk', subjectId: 10, hoursPerWeek: 2 },
    { grade: 5, language: 'kk', subjectId: 11, hoursPerWeek: 3 },
    { grade: 5, language: 'kk', subjectId: 12, hoursPerWeek: 0.5 },
  ],
  ...over,
});

describe('double bookings', () => {
  it('finds nothing in a clean timetable', () => {
    const items = [item({ lessonNumber: 1 }), item({ lessonNumber: 2 }), item({ lessonNumber: 1, day: 2 })];
    expect(slotConflicts(items, BELLS)).toEqual([]);
  });

  it('reports a teacher in two places at once, as one conflict for three lessons', () => {
    const a = item({ teacherPersonId: 7, day: 3, lessonNumber: 2 });
    const b = item({ teacherPersonId: 7, day: 3, lessonNumber: 2 });
    const c = item({ teacherPersonId: 7, day: 3, lessonNumber: 2 });
    const other = item({ teacherPersonId: 7, day: 3, lessonNumber: 3 });
    const found = slotConflicts([a, b, c, other], BELLS);
    expect(found).toEqual([
      {
        kind: 'teacherBusy',
        keys: [a.key, b.key, c.key],
        params: { teacherPersonId: 7, day: 3, shift: 1, lessonNumber: 2 },
      },
    ]);
  });

  it('compares bell times across shifts, and only slots when times are unknown', () => {
    const late = item({ teacherPersonId: 8, shift: 1, lessonNumber: 6 });
    const early = item({ teacherPersonId: 8, shift: 2, lessonNumber: 1 });
    expect(slotConflicts([late, early], BELLS).map((c) => c.kind)).toEqual(['teacherBusy']);
    // Back to back (12:05–12:50 then 12:50–13:35) is not an overlap.
    const fifth = item({ teacherPersonId: 9, lessonNumber: 5 });
    const sixth = item({ teacherPersonId: 9, lessonNumber: 6 });
    expect(slotConflicts([fifth, sixth], BELLS)).toEqual([]);
    // Without bells only the same slot counts.
    expect(slotConflicts([late, early], [])).toEqual([]);
    expect(slotConflicts([late, { ...early, key: 'x', shift: 1, lessonNumber: 6 }], [])).toHaveLength(1);
  });

  it('reports a room booked twice', () => {
    const a = item({ roomId: 3, lessonNumber: 4 });
    const b = item({ roomId: 3, lessonNumber: 4 });
    const c = item({ roomId: null, lessonNumber: 4 });
    expect(slotConflicts([a, b, c], BELLS)).toEqual([
      { kind: 'roomBusy', keys: [a.key, b.key], params: { roomId: 3, day: 1, shift: 1, lessonNumber: 4 } },
    ]);
  });

  it('lets two sub-groups of a class share a slot, but not a whole-class lesson or one sub-group twice', () => {
    const g1 = item({ classId: 1, subgroupId: 11 });
    const g2 = item({ classId: 1, subgroupId: 12 });
    expect(slotConflicts([g1, g2], BELLS)).toEqual([]);

    const whole = item({ classId: 1, subgroupId: null });
    const withWhole = slotConflicts([g1, g2, whole], BELLS);
    expect(withWhole).toHaveLength(1);
    expect(withWhole[0]).toMatchObject({ kind: 'classBusy', params: { classId: 1 } });
    expect(withWhole[0]!.keys.sort()).toEqual([g1.key, g2.key, whole.key].sort());

    const g1again = item({ classId: 1, subgroupId: 11 });
    expect(slotConflicts([g1, g2, g1again], BELLS)).toEqual([
      {
        kind: 'subgroupBusy',
        keys: [g1.key, g1again.key],
        params: { classId: 1, subgroupId: 11, day: 1, shift: 1, lessonNumber: 1 },
      },
    ]);
  });

  it('judges dated lessons the same way (day = date)', () => {
    const a = item({ teacherPersonId: 4, day: '2026-10-05' });
    const b = item({ teacherPersonId: 4, day: '2026-10-06' });
    const c = item({ teacherPersonId: 4, day: '2026-10-05' });
    expect(slotConflicts([a, b, c], BELLS).map((x) => x.keys)).toEqual([[a.key, c.key]]);
  });
});

describe('limits', () => {
  it('counts lessons a day per class, sub-groups in one slot once', () => {
    // Grade 5: at most 5 a day.
    const day = [1, 2, 3, 4, 5].map((l) => item({ classId: 1, subjectId: 20 + l, lessonNumber: l }));
    const split = item({ classId: 1, subgroupId: 11, subjectId: 30, lessonNumber: 6 });
    const split2 = item({ classId: 1, subgroupId: 12, subjectId: 30, lessonNumber: 6 });
    expect(timetableConflicts([...day], rules())).toEqual([]);
    const found = timetableConflicts([...day, split, split2], rules());
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'dayLimit', params: { classId: 1, day: 1, count: 6, max: 5 } });
    expect(found[0]!.keys).toHaveLength(7);
    // The limit follows the grade: grade 1 allows 4.
    const grade1 = [1, 2, 3, 4, 5].map((l) => item({ classId: 2, subjectId: 40 + l, lessonNumber: l }));
    expect(timetableConflicts(grade1, rules())[0]).toMatchObject({ kind: 'dayLimit', params: { max: 4, count: 5 } });
  });

  it('compares weekly hours with the curriculum of the grade and language', () => {
    const two = [1, 2].map((d) => item({ classId: 1, subjectId: 10, day: d }));
    expect(timetableConflicts(two, rules())).toEqual([]);
    const three = [...two, item({ classId: 1, subjectId: 10, day: 3 })];
    const found = timetableConflicts(three, rules());
    expect(found).toEqual([
      { kind: 'weeklyHours', keys: three.map((i) => i.key), params: { classId: 1, subjectId: 10, count: 3, max: 2 } },
    ]);
    // No curriculum line for the subject (or another language): nothing to compare with.
    expect(
      timetableConflicts(
        three.map((i) => ({ ...i, subjectId: 99 })),
        rules(),
      ),
    ).toEqual([]);
    // Half an hour a week still gets one slot.
    expect(timetableConflicts([item({ classId: 1, subjectId: 12 })], rules())).toEqual([]);
    expect(
      timetableConflicts(
        [1, 2].map((d) => item({ classId: 1, subjectId: 12, day: d })),
        rules(),
      ),
    ).toHaveLength(1);
  });

  it('counts a split subject once per sub-group, plus whole-class lessons', () => {
    // 3 h of subject 11: each half of the class has its 3 lessons with its own teacher.
    const g1 = [1, 2, 3].map((d) => item({ classId: 1, subjectId: 11, subgroupId: 11, day: d }));
    const g2 = [1, 2, 3].map((d) => item({ classId: 1, subjectId: 11, subgroupId: 12, day: d, lessonNumber: 2 }));
    expect(weeklyHours([...g1, ...g2], 1, 11)).toBe(3);
    expect(timetableConflicts([...g1, ...g2], rules())).toEqual([]);
    const extraWhole = item({ classId: 1, subjectId: 11, day: 4 });
    expect(weeklyHours([...g1, ...g2, extraWhole], 1, 11)).toBe(4);
    expect(timetableConflicts([...g1, ...g2, extraWhole], rules()).map((c) => c.kind)).toEqual(['weeklyHours']);
  });
});

describe('involving', () => {
  it('keeps only the conflicts a change set takes part in', () => {
    const a = item({ teacherPersonId: 5 });
    const b = item({ teacherPersonId: 5 });
    const c = item({ roomId: 1, lessonNumber: 3 });
    const d = item({ roomId: 1, lessonNumber: 3 });
    const all = timetableConflicts([a, b, c, d], rules());
    expect(all.map((x) => x.kind)).toEqual(['teacherBusy', 'roomBusy']);
    expect(involving(all, new Set([d.key])).map((x) => x.kind)).toEqual(['roomBusy']);
    expect(involving(all, new Set(['nothing']))).toEqual([]);
  });
});
