import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

/**
 * The class view's reads. Each names the school first (tenant isolation) and is one statement whatever the class
 * size; the journal's own reads (assignments, term results, full-day absences) are reused from the journal module.
 */

/** One class with its year's dates and its class teacher (the access check and the header). */
export async function findClass(db: Database, schoolId: number, classId: number) {
  return db
    .selectFrom('classes as c')
    .innerJoin('academicYears as y', (j) => j.onRef('y.schoolId', '=', 'c.schoolId').onRef('y.id', '=', 'c.yearId'))
    .leftJoin('persons as p', 'p.id', 'c.classTeacherPersonId')
    .where('c.schoolId', '=', schoolId)
    .where('c.id', '=', classId)
    .select([
      'c.id',
      'c.yearId',
      'c.grade',
      'c.letter',
      'c.language',
      'c.classTeacherPersonId',
      'y.startsOn as yearStartsOn',
      'y.endsOn as yearEndsOn',
      'p.surname as teacherSurname',
      'p.firstName as teacherFirstName',
      'p.patronymic as teacherPatronymic',
    ])
    .executeTakeFirst();
}
export type ClassRow = NonNullable<Awaited<ReturnType<typeof findClass>>>;

/** The year's classes (all, or only those `classTeacherPersonId` leads), in the same shape as findClass. */
export async function yearClasses(db: Database, schoolId: number, yearId: number, classTeacherPersonId: number | null) {
  let q = db
    .selectFrom('classes as c')
    .innerJoin('academicYears as y', (j) => j.onRef('y.schoolId', '=', 'c.schoolId').onRef('y.id', '=', 'c.yearId'))
    .leftJoin('persons as p', 'p.id', 'c.classTeacherPersonId')
    .where('c.schoolId', '=', schoolId)
    .where('c.yearId', '=', yearId);
  if (classTeacherPersonId !== null) q = q.where('c.classTeacherPersonId', '=', classTeacherPersonId);
  return q
    .select([
      'c.id',
      'c.yearId',
      'c.grade',
      'c.letter',
      'c.language',
      'c.classTeacherPersonId',
      'y.startsOn as yearStartsOn',
      'y.endsOn as yearEndsOn',
      'p.surname as teacherSurname',
      'p.firstName as teacherFirstName',
      'p.patronymic as teacherPatronymic',
    ])
    .execute();
}

/** The class's pupils enrolled at some point of [from, to] (a re-enrolment gives two rows; the caller merges). */
export async function classStudents(db: Database, schoolId: number, classId: number, from: string, to: string) {
  return (
    db
      .selectFrom('classEnrollments as e')
      .innerJoin('persons as p', 'p.id', 'e.studentPersonId')
      .where('e.schoolId', '=', schoolId)
      .where('e.classId', '=', classId)
      .where('e.startsOn', '<=', to)
      .where((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', from)]))
      // An enrolment entered by mistake never existed.
      .where((w) => w.or([w('e.endReason', 'is', null), w('e.endReason', '!=', 'data_error')]))
      .select(['e.studentPersonId as id', 'p.surname', 'p.firstName', 'e.startsOn', 'e.endsOn'])
      .orderBy('e.startsOn')
      .execute()
  );
}

/** The fixed term grades of a closed period for the class's assignments. */
export async function classTermGrades(db: Database, schoolId: number, periodId: number, assignmentIds: number[]) {
  if (assignmentIds.length === 0) return [];
  return db
    .selectFrom('termGrades')
    .where('schoolId', '=', schoolId)
    .where('periodId', '=', periodId)
    .where('assignmentId', 'in', assignmentIds)
    .select(['assignmentId', 'studentPersonId', 'percent', 'grade', 'status'])
    .execute();
}

export interface AttendanceCounts {
  studentId: number;
  lessons: number;
  missed: number;
  sick: number;
  excused: number;
  unexcused: number;
  late: number;
  fullDays: number;
  fullDaysUnexcused: number;
  fullDaysSick: number;
}

/**
 * Per pupil, the held (not cancelled) lessons of [from, to] that concern them — the class's whole-class lessons
 * and their own sub-groups', while they were enrolled — with the counts per code, and the full days (§3: every
 * such lesson of a day missed, the same derivation as the journal's dayAbsences) split by the day's code
 * (at-risk.ts fullDayCode: any н → unexcused, all б → sick). One statement.
 */
export async function periodAttendance(
  db: Database,
  schoolId: number,
  classId: number,
  from: string,
  to: string,
): Promise<AttendanceCounts[]> {
  if (to < from) return [];
  const r = await sql<Record<string, string | number>>`
    with mine as (
      select distinct e.student_person_id as student_id, l.id as lesson_id, l.date
        from class_enrollments e
        join lessons l on l.school_id = e.school_id and l.class_id = e.class_id
                      and l.date >= ${from} and l.date <= ${to} and l.status = 'scheduled'
                      and l.date >= e.starts_on and (e.ends_on is null or l.date <= e.ends_on)
       where e.school_id = ${schoolId} and e.class_id = ${classId}
         and (e.end_reason is null or e.end_reason <> 'data_error')
         and (l.subgroup_id is null or exists (
               select 1 from subgroup_members sm
                where sm.school_id = l.school_id and sm.subgroup_id = l.subgroup_id
                  and sm.student_person_id = e.student_person_id))
    ), coded as (
      select mine.student_id, mine.date, a.code
        from mine
        left join attendance a on a.school_id = ${schoolId} and a.lesson_id = mine.lesson_id
                              and a.student_person_id = mine.student_id
    ), days as (
      select student_id,
             bool_and(coalesce(code in ('absent', 'excused', 'sick'), false)) as all_missed,
             bool_and(coalesce(code = 'sick', false)) as all_sick,
             bool_or(coalesce(code = 'absent', false)) as any_unexcused
        from coded
       group by student_id, date
    ), full_days as (
      select student_id,
             count(*) filter (where all_missed) as full_days,
             count(*) filter (where all_missed and any_unexcused) as full_days_unexcused,
             count(*) filter (where all_missed and all_sick) as full_days_sick
        from days
       group by student_id
    )
    select c.student_id as student_id,
           count(*) as lessons,
           count(*) filter (where c.code in ('absent', 'excused', 'sick')) as missed,
           count(*) filter (where c.code = 'sick') as sick,
           count(*) filter (where c.code = 'excused') as excused,
           count(*) filter (where c.code = 'absent') as unexcused,
           count(*) filter (where c.code = 'late') as late,
           max(f.full_days) as full_days,
           max(f.full_days_unexcused) as full_days_unexcused,
           max(f.full_days_sick) as full_days_sick
      from coded c
      join full_days f on f.student_id = c.student_id
     group by c.student_id`.execute(db);
  return r.rows.map((x) => ({
    studentId: Number(x.studentId),
    lessons: Number(x.lessons),
    missed: Number(x.missed),
    sick: Number(x.sick),
    excused: Number(x.excused),
    unexcused: Number(x.unexcused),
    late: Number(x.late),
    fullDays: Number(x.fullDays),
    fullDaysUnexcused: Number(x.fullDaysUnexcused),
    fullDaysSick: Number(x.fullDaysSick),
  }));
}

/** The class's lessons of one day (cancelled ones too, marked), with the subject and the matching journal. */
export async function dayLessons(db: Database, schoolId: number, classId: number, date: string) {
  return db
    .selectFrom('lessons as l')
    .innerJoin('subjects as s', (j) => j.onRef('s.schoolId', '=', 'l.schoolId').onRef('s.id', '=', 'l.subjectId'))
    .leftJoin('subgroups as sg', (j) => j.onRef('sg.schoolId', '=', 'l.schoolId').onRef('sg.id', '=', 'l.subgroupId'))
    .where('l.schoolId', '=', schoolId)
    .where('l.classId', '=', classId)
    .where('l.date', '=', date)
    .select((eb) => [
      'l.id',
      'l.lessonNumber',
      'l.status',
      'l.subgroupId',
      'sg.name as subgroupName',
      's.nameKk',
      's.nameRu',
      's.nameEn',
      eb
        .selectFrom('teachingAssignments as ta')
        .whereRef('ta.schoolId', '=', 'l.schoolId')
        .whereRef('ta.classId', '=', 'l.classId')
        .whereRef('ta.subjectId', '=', 'l.subjectId')
        .where(sql<boolean>`ta.subgroup_id is not distinct from l.subgroup_id`)
        .select((e) => e.fn.min('ta.id').as('id'))
        .as('assignmentId'),
    ])
    .orderBy('l.lessonNumber')
    .orderBy('l.id')
    .execute();
}

export async function subgroupMembers(db: Database, schoolId: number, subgroupIds: number[]) {
  if (subgroupIds.length === 0) return [];
  return db
    .selectFrom('subgroupMembers')
    .where('schoolId', '=', schoolId)
    .where('subgroupId', 'in', subgroupIds)
    .select(['subgroupId', 'studentPersonId'])
    .execute();
}
