import type { Database } from '../../db/client.js';
import type { PasswordHasher } from '../../lib/password.js';
import { createPerson, type TestPerson } from '../../test/factories.js';
import { createAssignment, createClass, createSubject, createYear, enroll } from '../timetable/timetable.fixtures.js';

const LETTERS = [...'ӘБВГҒДЕЖЗИ'];
let letterIndex = 0;

/**
 * A journal to test on, straight into the database: the 2026–27 year, a class with `students` students, one
 * subject taught by `teacher`, and `lessons` lessons on the first weekdays of quarter 1 (`perDay` a day from lesson 2).
 */
export async function createJournal(
  db: Database,
  hasher: PasswordHasher,
  v: {
    schoolId: number;
    teacherPersonId: number;
    students?: number;
    lessons?: number;
    /** Lessons a day (numbers 2, 3…): 50 lessons fit in one quarter with 2. */
    perDay?: number;
    yearId?: number;
    grade?: number;
  },
) {
  const schoolId = v.schoolId;
  const year = v.yearId === undefined ? await createYear(db, schoolId) : null;
  const yearId = v.yearId ?? year!.yearId;
  const q1 = await db
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .where('kind', '=', 'quarter')
    .where('number', '=', 1)
    .selectAll()
    .executeTakeFirstOrThrow();
  const classId = await createClass(db, schoolId, yearId, v.grade ?? 5, LETTERS[letterIndex++ % LETTERS.length]!);
  const subjectId = await createSubject(db, schoolId, `Math${Math.floor(Math.random() * 1e6)}`);
  const students: TestPerson[] = [];
  for (let i = 0; i < (v.students ?? 3); i++) {
    const s = await createPerson(db, hasher, {
      institutionId: schoolId,
      profile: 'student',
      surname: `Оқушы${String(i).padStart(2, '0')}`,
    });
    await enroll(db, schoolId, yearId, classId, s.personId);
    students.push(s);
  }
  const assignmentId = await createAssignment(db, {
    schoolId,
    yearId,
    classId,
    subjectId,
    teacherPersonId: v.teacherPersonId,
  });
  const slots: Array<{ date: string; lessonNumber: number }> = [];
  const perDay = v.perDay ?? 1;
  for (
    let d = new Date(`${q1.startsOn}T00:00:00Z`);
    slots.length < (v.lessons ?? 5);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    const iso = d.toISOString().slice(0, 10);
    if (iso > q1.endsOn) break;
    if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
    for (let n = 0; n < perDay && slots.length < (v.lessons ?? 5); n++) slots.push({ date: iso, lessonNumber: 2 + n });
  }
  const lessons = await db
    .insertInto('lessons')
    .values(
      slots.map(({ date, lessonNumber }) => ({
        schoolId,
        yearId,
        periodId: q1.id,
        date,
        shift: 1,
        lessonNumber,
        classId,
        subjectId,
        teacherPersonId: v.teacherPersonId,
      })),
    )
    .returning(['id', 'date'])
    .execute();
  return { yearId, q1, classId, subjectId, students, assignmentId, lessons };
}
export type JournalFixture = Awaited<ReturnType<typeof createJournal>>;
