import type { Database } from '../../db/client.js';

/**
 * What other modules read about a school's classes (timetable, imports, journals). Every function takes the
 * school id from the caller's context, never from the client, and never reaches another school's rows.
 *
 * An enrolment covers a date when `starts_on <= date` and (`ends_on` is null or `ends_on >= date`): unlike a
 * membership's end, an enrolment's `ends_on` is the student's LAST day in the class (a move on the 10th ends
 * the old row on the 9th), so the database can check `ends_on >= starts_on`.
 */

const classColumns = [
  'c.id',
  'c.schoolId',
  'c.yearId',
  'c.grade',
  'c.letter',
  'c.language',
  'c.shift',
  'c.classTeacherPersonId',
  'c.externalId',
  'c.createdAt',
  'c.updatedAt',
] as const;

export async function findClass(db: Database, schoolId: number, classId: number) {
  return db
    .selectFrom('classes as c')
    .select(classColumns)
    .where('c.schoolId', '=', schoolId)
    .where('c.id', '=', classId)
    .executeTakeFirst();
}
export type ClassRow = NonNullable<Awaited<ReturnType<typeof findClass>>>;

/** «5 Ә»: how a class is named everywhere (grade and letter; the language is shown beside it). */
export const className = (c: { grade: number; letter: string }) => `${c.grade} ${c.letter}`;

/**
 * The students enrolled in the class on `onDate`, with their names, in alphabetical order. Deleted profiles are
 * left out like everywhere else (their enrolments end when the profile is deleted anyway).
 */
export async function classRoster(db: Database, schoolId: number, classId: number, onDate: string) {
  return db
    .selectFrom('classEnrollments as e')
    .innerJoin('persons as p', 'p.id', 'e.studentPersonId')
    .where('e.schoolId', '=', schoolId)
    .where('e.classId', '=', classId)
    .where('e.startsOn', '<=', onDate)
    .where((eb) => eb.or([eb('e.endsOn', 'is', null), eb('e.endsOn', '>=', onDate)]))
    .where('p.deletedAt', 'is', null)
    .select([
      'e.id as enrollmentId',
      'e.studentPersonId as personId',
      'p.surname',
      'p.firstName',
      'p.patronymic',
      'p.birthDate',
      'e.startsOn',
      'e.endsOn',
    ])
    .orderBy('p.surname')
    .orderBy('p.firstName')
    .orderBy('p.id')
    .execute();
}
export type RosterRow = Awaited<ReturnType<typeof classRoster>>[number];

/** The class a student of the school is in on `onDate` (at most one: moves end the old row first), or undefined. */
export async function studentClassOn(db: Database, schoolId: number, personId: number, onDate: string) {
  return db
    .selectFrom('classEnrollments as e')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'e.schoolId').onRef('c.id', '=', 'e.classId'))
    .where('e.schoolId', '=', schoolId)
    .where('e.studentPersonId', '=', personId)
    .where('e.startsOn', '<=', onDate)
    .where((eb) => eb.or([eb('e.endsOn', 'is', null), eb('e.endsOn', '>=', onDate)]))
    .select([...classColumns, 'e.id as enrollmentId', 'e.startsOn', 'e.endsOn'])
    .orderBy('e.startsOn', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Every student's class on `onDate` in one query, for lists (the import's preview, slips per class).
 * Returns a map personId → class.
 */
export async function studentsClassesOn(db: Database, schoolId: number, personIds: readonly number[], onDate: string) {
  if (personIds.length === 0) return new Map<number, ClassRow>();
  const rows = await db
    .selectFrom('classEnrollments as e')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'e.schoolId').onRef('c.id', '=', 'e.classId'))
    .where('e.schoolId', '=', schoolId)
    .where('e.studentPersonId', 'in', [...personIds])
    .where('e.startsOn', '<=', onDate)
    .where((eb) => eb.or([eb('e.endsOn', 'is', null), eb('e.endsOn', '>=', onDate)]))
    .select([...classColumns, 'e.studentPersonId'])
    .execute();
  return new Map(rows.map(({ studentPersonId, ...c }) => [studentPersonId, c]));
}
