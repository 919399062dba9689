import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { inAssignmentGroup } from './sits-work.js';

/**
 * The reads behind the diary's marks by subject (subjects.service.ts): the student's enrolments, assignments, lesson
 * marks and fixed grades. One statement each, school first.
 */

/** The student's enrolments at the school (which class, which year), latest first. */
export function studentEnrolments(db: Database, schoolId: number, studentId: number) {
  return db
    .selectFrom('classEnrollments as e')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'e.schoolId').onRef('c.id', '=', 'e.classId'))
    .where('e.schoolId', '=', schoolId)
    .where('e.studentPersonId', '=', studentId)
    .where((w) => w.or([w('e.endReason', 'is', null), w('e.endReason', '!=', 'data_error')]))
    .select(['e.classId', 'e.yearId', 'e.startsOn', 'e.endsOn', 'c.grade'])
    .orderBy('e.startsOn', 'desc')
    .execute();
}

/** The student's assignments in a class: whole-class ones and their sub-groups', with the subject's mode. */
export function studentAssignments(db: Database, schoolId: number, classId: number, studentId: number) {
  return db
    .selectFrom('teachingAssignments as ta')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'ta.schoolId').onRef('c.id', '=', 'ta.classId'))
    .innerJoin('subjects as s', (j) => j.onRef('s.schoolId', '=', 'ta.schoolId').onRef('s.id', '=', 'ta.subjectId'))
    .innerJoin('persons as t', 't.id', 'ta.teacherPersonId')
    .leftJoin('assessmentModes as am', (j) =>
      j
        .onRef('am.schoolId', '=', 'ta.schoolId')
        .onRef('am.yearId', '=', 'ta.yearId')
        .onRef('am.subjectId', '=', 'ta.subjectId')
        .onRef('am.grade', '=', 'c.grade'),
    )
    .where('ta.schoolId', '=', schoolId)
    .where('ta.classId', '=', classId)
    .where((eb) => inAssignmentGroup(eb, studentId))
    .select([
      'ta.id',
      'ta.classId',
      'ta.subjectId',
      'ta.subgroupId',
      'c.grade',
      's.nameKk',
      's.nameRu',
      's.nameEn',
      't.surname as teacherSurname',
      't.firstName as teacherFirstName',
      't.patronymic as teacherPatronymic',
      'am.mode',
      'am.hasTermSummative',
      'am.periodKind',
    ])
    .orderBy('s.nameKk')
    .orderBy('ta.id')
    .execute();
}
export type StudentAssignmentRow = Awaited<ReturnType<typeof studentAssignments>>[number];

/** The student's live lesson marks (ФО, зачёт/незачёт, освобождён/н/а) in a class over a date range. */
export function studentLessonMarks(
  db: Database,
  schoolId: number,
  classId: number,
  studentId: number,
  from: string,
  to: string,
) {
  return db
    .selectFrom('marks as m')
    .innerJoin('lessons as l', (j) => j.onRef('l.schoolId', '=', 'm.schoolId').onRef('l.id', '=', 'm.lessonId'))
    .where('m.schoolId', '=', schoolId)
    .where('m.studentPersonId', '=', studentId)
    .where('m.deletedAt', 'is', null)
    .where('l.classId', '=', classId)
    .where('l.date', '>=', from)
    .where('l.date', '<=', to)
    .select([
      'l.id as lessonId',
      'l.subjectId',
      'l.subgroupId',
      'l.date',
      'l.lessonNumber',
      'm.kind',
      'm.value',
      'm.status',
      'm.comment',
      'm.version',
    ])
    .orderBy('l.date')
    .orderBy('l.lessonNumber')
    .execute();
}

/** The student's fixed term and year grades of a year (term grades only count for closed periods). */
export function studentFixedGrades(db: Database, schoolId: number, yearId: number, studentId: number) {
  return db
    .selectFrom('termGrades as tg')
    .innerJoin('academicPeriods as p', (j) =>
      j.onRef('p.schoolId', '=', 'tg.schoolId').onRef('p.id', '=', 'tg.periodId'),
    )
    .where('tg.schoolId', '=', schoolId)
    .where('tg.studentPersonId', '=', studentId)
    .where('p.yearId', '=', yearId)
    .select([
      'tg.assignmentId',
      sql<number | null>`tg.period_id`.as('periodId'),
      'tg.grade',
      'tg.status',
      sql<'term' | 'year'>`'term'`.as('level'),
    ])
    .unionAll(
      db
        .selectFrom('yearGrades as yg')
        .where('yg.schoolId', '=', schoolId)
        .where('yg.studentPersonId', '=', studentId)
        .where('yg.yearId', '=', yearId)
        .select([
          'yg.assignmentId',
          sql<number | null>`null::bigint`.as('periodId'),
          'yg.grade',
          'yg.status',
          sql<'term' | 'year'>`'year'`.as('level'),
        ]),
    )
    .execute();
}
