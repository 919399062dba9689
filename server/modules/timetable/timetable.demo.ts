import type { Database } from '../../db/client.js';
import { localDate } from '../../lib/clock.js';
import { className } from '../classes/classes.queries.js';
import { findYear, yearBells, yearPeriods } from '../school-year/school-year.queries.js';
import { type SlotItem, timetableConflicts } from './conflicts.js';
import { generatePeriod } from './generation.js';
import { yearAssignments, yearClasses, yearCurriculum } from './timetable.repository.js';

/**
 * Demo timetable (wired into server/db/seed-demo.ts by the lead): a home room per class, a gym and a language
 * room, and a conflict-free week laid greedily from the year's teaching assignments — each class × subject gets
 * its curriculum hours (rounded up), sub-groups of a split subject side by side, spread over the days, as far
 * as the teachers' free slots allow (a demo school with few teachers gets a thinner week, never a clash).
 * Then the lessons of the period containing `at` (else the first one) are generated.
 */
export async function seedDemoTimetable(
  db: Database,
  opts: { schoolId: number; yearId: number },
  at: Date = new Date(),
): Promise<{ entries: number; lessons: number }> {
  const { schoolId, yearId } = opts;
  const year = await findYear(db, schoolId, yearId);
  if (!year) throw new Error('seedDemoTimetable: no such year');
  const [bells, classes, assignments, curriculum, periods] = await Promise.all([
    yearBells(db, schoolId, yearId),
    yearClasses(db, schoolId, yearId),
    yearAssignments(db, schoolId, yearId),
    yearCurriculum(db, schoolId, yearId),
    yearPeriods(db, schoolId, yearId),
  ]);

  // Rooms: «101», «102»… one per class, then the gym and a room for a class's second language group.
  const homeNames = classes.map((_, i) => String(101 + i));
  const rooms = await db
    .insertInto('rooms')
    .values([
      ...homeNames.map((name) => ({ schoolId, name, capacity: 30 })),
      { schoolId, name: 'Спорт залы', capacity: 60 },
      { schoolId, name: 'Тіл кабинеті', capacity: 15 },
    ])
    .onConflict((oc) => oc.columns(['schoolId', 'name']).doNothing())
    .returning(['id', 'name'])
    .execute();
  const roomId = (name: string) => rooms.find((r) => r.name === name)?.id ?? null;
  const home = new Map(classes.map((c, i) => [c.id, roomId(homeNames[i]!)]));
  const gym = roomId('Спорт залы');
  const languageRoom = roomId('Тіл кабинеті');

  // What each class needs: one unit per class × subject; a subject split into sub-groups is one unit whose
  // assignments sit side by side.
  const hours = new Map(curriculum.map((c) => [`${c.grade}|${c.language}|${c.subjectId}`, Math.ceil(c.hoursPerWeek)]));
  const units = new Map<
    string,
    { classId: number; grade: number; assignments: typeof assignments; hours: number; pe: boolean }
  >();
  for (const a of assignments) {
    const h = hours.get(`${a.grade}|${a.language}|${a.subjectId}`) ?? 0;
    if (h === 0) continue;
    const key = `${a.classId}|${a.subjectId}`;
    const unit = units.get(key);
    if (!unit) {
      units.set(key, {
        classId: a.classId,
        grade: a.grade,
        assignments: [a],
        hours: h,
        pe: /physical/i.test(a.nameEn),
      });
      continue;
    }
    // Another sub-group with another teacher runs side by side; the same teacher's groups one after the other.
    // (Several teachers of one whole-class subject: the first one gives the demo's lessons.)
    if (a.subgroupId === null || unit.assignments.some((x) => x.subgroupId === null)) continue;
    const parallel = unit.assignments.every(
      (x) => x.subgroupId !== a.subgroupId && x.teacherPersonId !== a.teacherPersonId,
    );
    if (parallel) unit.assignments.push(a);
    else units.set(`${key}|${a.assignmentId}`, { ...unit, assignments: [a] });
  }

  const shiftOf = new Map(classes.map((c) => [c.id, c.shift]));
  const lessonNumbers = (shift: number) =>
    bells.filter((b) => b.shift === shift && b.lessonNumber > 0).map((b) => b.lessonNumber);
  const busy = new Set<string>(); // `t:<person>|day|shift|n`, `r:<room>|…`, `c:<class>|…`
  const perDay = new Map<string, number>(); // `<class>|<day>` → lessons
  const unitDay = new Map<string, number>(); // `<unit>|<day>` → lessons of that unit
  const placed: Array<{
    assignmentId: number;
    roomId: number | null;
    weekday: number;
    shift: number;
    lessonNumber: number;
  }> = [];
  const days = Array.from({ length: year.daysPerWeek }, (_, i) => i + 1);

  const tryPlace = (key: string, u: NonNullable<ReturnType<typeof units.get>>) => {
    const shift = shiftOf.get(u.classId) ?? 1;
    const max = year.maxLessonsPerDay[u.grade] ?? 6;
    const numbers = lessonNumbers(shift).slice(0, max);
    // Days where the subject is thinnest first, then the class's lightest day.
    const order = [...days].sort(
      (x, y) =>
        (unitDay.get(`${key}|${x}`) ?? 0) - (unitDay.get(`${key}|${y}`) ?? 0) ||
        (perDay.get(`${u.classId}|${x}`) ?? 0) - (perDay.get(`${u.classId}|${y}`) ?? 0) ||
        x - y,
    );
    for (const day of order) {
      if ((perDay.get(`${u.classId}|${day}`) ?? 0) >= max) continue;
      for (const n of numbers) {
        const slot = `${day}|${shift}|${n}`;
        if (busy.has(`c:${u.classId}|${slot}`)) continue;
        if (u.assignments.some((a) => busy.has(`t:${a.teacherPersonId}|${slot}`))) continue;
        const roomsFor = u.assignments.map((_, i) => {
          if (i > 0) return languageRoom;
          if (u.pe && gym !== null && !busy.has(`r:${gym}|${slot}`)) return gym;
          return home.get(u.classId) ?? null;
        });
        if (roomsFor.some((r) => r !== null && busy.has(`r:${r}|${slot}`))) continue;
        busy.add(`c:${u.classId}|${slot}`);
        u.assignments.forEach((a, i) => {
          busy.add(`t:${a.teacherPersonId}|${slot}`);
          const r = roomsFor[i] ?? null;
          if (r !== null) busy.add(`r:${r}|${slot}`);
          placed.push({ assignmentId: a.assignmentId, roomId: r, weekday: day, shift, lessonNumber: n });
        });
        perDay.set(`${u.classId}|${day}`, (perDay.get(`${u.classId}|${day}`) ?? 0) + 1);
        unitDay.set(`${key}|${day}`, (unitDay.get(`${key}|${day}`) ?? 0) + 1);
        return true;
      }
    }
    return false;
  };

  // Round robin over classes and subjects, one lesson at a time, so scarce teachers are shared fairly.
  const list = [...units.entries()];
  const maxHours = Math.max(0, ...list.map(([, u]) => u.hours));
  for (let round = 0; round < maxHours; round++) {
    for (const [key, u] of list) if (u.hours > round) tryPlace(key, u);
  }

  // The engine has the last word: the demo must open without a single conflict.
  const byId = new Map(assignments.map((a) => [a.assignmentId, a]));
  const items: SlotItem[] = placed.map((p, i) => {
    const a = byId.get(p.assignmentId)!;
    return {
      key: `n${i}`,
      classId: a.classId,
      subgroupId: a.subgroupId,
      subjectId: a.subjectId,
      teacherPersonId: a.teacherPersonId,
      roomId: p.roomId,
      day: p.weekday,
      shift: p.shift,
      lessonNumber: p.lessonNumber,
    };
  });
  const conflicts = timetableConflicts(items, {
    bells,
    classes: new Map(classes.map((c) => [c.id, { grade: c.grade, language: c.language }])),
    maxLessonsPerDay: year.maxLessonsPerDay,
    curriculum,
  });
  if (conflicts.length > 0) {
    const names = new Map(classes.map((c) => [c.id, className(c)]));
    throw new Error(
      `seedDemoTimetable: ${conflicts.length} conflicts (${conflicts[0]!.kind} in ${names.get(conflicts[0]!.params.classId ?? 0) ?? '?'})`,
    );
  }
  if (placed.length > 0) {
    await db
      .insertInto('timetableEntries')
      .values(placed.map((p) => ({ schoolId, yearId, ...p })))
      .execute();
  }

  const today = localDate(at);
  const period =
    periods.find((p) => p.kind === 'quarter' && p.startsOn <= today && today <= p.endsOn) ??
    periods.find((p) => p.kind === 'quarter') ??
    periods[0];
  const generated = period ? await generatePeriod(db, schoolId, year, period, today) : { created: 0 };
  return { entries: placed.length, lessons: generated.created };
}
