import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

/**
 * The weekly timetable's queries. Each list is one query for the whole year (a school has a few thousand
 * entries at most): the conflict engine needs the whole year anyway, and views filter in memory.
 */

/** A teaching assignment with everything a cell or the palette shows. */
export function assignmentsQuery(db: Database, schoolId: number, yearId: number) {
  return db
    .selectFrom('teachingAssignments as ta')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'ta.schoolId').onRef('c.id', '=', 'ta.classId'))
    .leftJoin('subgroups as sg', (j) => j.onRef('sg.schoolId', '=', 'ta.schoolId').onRef('sg.id', '=', 'ta.subgroupId'))
    .innerJoin('subjects as s', (j) => j.onRef('s.schoolId', '=', 'ta.schoolId').onRef('s.id', '=', 'ta.subjectId'))
    .innerJoin('persons as p', 'p.id', 'ta.teacherPersonId')
    .where('ta.schoolId', '=', schoolId)
    .where('ta.yearId', '=', yearId)
    .select([
      'ta.id as assignmentId',
      'ta.classId',
      'c.grade',
      'c.letter',
      'c.language',
      'ta.subgroupId',
      'sg.name as subgroupName',
      'ta.subjectId',
      's.nameKk',
      's.nameRu',
      's.nameEn',
      'ta.teacherPersonId',
      'p.surname',
      'p.firstName',
      'p.patronymic',
    ]);
}
export type AssignmentRow = Awaited<ReturnType<ReturnType<typeof assignmentsQuery>['execute']>>[number];

export function yearAssignments(db: Database, schoolId: number, yearId: number) {
  return assignmentsQuery(db, schoolId, yearId).orderBy('c.grade').orderBy('c.letter').orderBy('ta.id').execute();
}

/** The year's entries (the slot and room) — joined to their assignments by the caller's map. */
export function yearEntries(db: Database, schoolId: number, yearId: number) {
  return db
    .selectFrom('timetableEntries')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .select(['id', 'assignmentId', 'roomId', 'weekday', 'shift', 'lessonNumber'])
    .orderBy('weekday')
    .orderBy('shift')
    .orderBy('lessonNumber')
    .orderBy('id')
    .execute();
}
export type EntryRow = Awaited<ReturnType<typeof yearEntries>>[number];

/** The year's entries locked until commit: two saves of one year run one after the other. */
export function lockYearEntries(trx: Database, schoolId: number, yearId: number) {
  return trx
    .selectFrom('timetableEntries')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .select(['id', 'assignmentId', 'roomId', 'weekday', 'shift', 'lessonNumber'])
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function yearCurriculum(db: Database, schoolId: number, yearId: number) {
  const rows = await db
    .selectFrom('curriculumHours')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .select(['grade', 'language', 'subjectId', 'hoursPerWeek'])
    .execute();
  return rows.map((r) => ({ ...r, hoursPerWeek: Number(r.hoursPerWeek) }));
}

export function yearClasses(db: Database, schoolId: number, yearId: number) {
  return db
    .selectFrom('classes')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .select(['id', 'grade', 'letter', 'language', 'shift'])
    .orderBy('grade')
    .orderBy('letter')
    .execute();
}

/** Rooms of the school (archived ones too: old entries and lessons still name them). */
export function schoolRooms(db: Database, schoolId: number) {
  return db
    .selectFrom('rooms')
    .where('schoolId', '=', schoolId)
    .select(['id', 'name', 'capacity', 'archivedAt'])
    .orderBy('name')
    .execute();
}

/** How many lessons each period of the year has (the generate button says whether it was done). */
export function periodLessonCounts(db: Database, schoolId: number, yearId: number) {
  return db
    .selectFrom('academicPeriods as ap')
    .leftJoin('lessons as l', (j) => j.onRef('l.schoolId', '=', 'ap.schoolId').onRef('l.periodId', '=', 'ap.id'))
    .where('ap.schoolId', '=', schoolId)
    .where('ap.yearId', '=', yearId)
    .groupBy(['ap.id', 'ap.kind', 'ap.number', 'ap.startsOn', 'ap.endsOn'])
    .select((eb) => [
      'ap.id',
      'ap.kind',
      'ap.number',
      'ap.startsOn',
      'ap.endsOn',
      eb.fn.count<string>('l.id').as('lessons'),
    ])
    .orderBy('ap.kind', 'desc')
    .orderBy('ap.number')
    .execute();
}

export async function insertEntries(
  trx: Database,
  rows: Array<{
    schoolId: number;
    yearId: number;
    assignmentId: number;
    roomId: number | null;
    weekday: number;
    shift: number;
    lessonNumber: number;
  }>,
): Promise<number[]> {
  if (rows.length === 0) return [];
  // RETURNING keeps the VALUES order in PostgreSQL for a plain INSERT.
  const inserted = await trx.insertInto('timetableEntries').values(rows).returning('id').execute();
  return inserted.map((r) => r.id);
}

/** Every move of a save in one statement. */
export async function moveEntries(
  trx: Database,
  schoolId: number,
  moves: Array<{ id: number; weekday: number; shift: number; lessonNumber: number; roomId: number | null }>,
) {
  if (moves.length === 0) return;
  const values = sql.join(
    moves.map(
      (m) =>
        sql`(${m.id}::bigint, ${m.weekday}::smallint, ${m.shift}::smallint, ${m.lessonNumber}::smallint, ${m.roomId}::bigint)`,
    ),
  );
  await sql`
    update timetable_entries te
       set weekday = v.weekday, shift = v.shift, lesson_number = v.lesson_number, room_id = v.room_id
      from (values ${values}) as v (id, weekday, shift, lesson_number, room_id)
     where te.school_id = ${schoolId} and te.id = v.id`.execute(trx);
}

export async function deleteEntries(trx: Database, schoolId: number, ids: number[]) {
  if (ids.length === 0) return;
  await trx.deleteFrom('timetableEntries').where('schoolId', '=', schoolId).where('id', 'in', ids).execute();
}
