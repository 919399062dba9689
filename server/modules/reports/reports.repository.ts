import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { PeriodKind } from '../../db/tables/school.js';

/**
 * The reports' reads. Every statement names the school first and is set-based: a report of the whole school is a
 * fixed handful of statements whatever the number of classes and pupils.
 */

export interface ReportPeriod {
  id: number;
  yearId: number;
  kind: PeriodKind;
  number: number;
  startsOn: string;
  endsOn: string;
}

export async function findReportPeriod(db: Database, schoolId: number, periodId: number) {
  return (await db
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('id', '=', periodId)
    .select(['id', 'yearId', 'kind', 'number', 'startsOn', 'endsOn'])
    .executeTakeFirst()) as ReportPeriod | undefined;
}

export interface ReportClass {
  id: number;
  yearId: number;
  grade: number;
  letter: string;
  language: string;
}

/** The school's classes of the years overlapping [from, to] (one class: only it), by grade and letter. */
export async function reportClasses(
  db: Database,
  schoolId: number,
  range: { yearId?: number; from?: string; to?: string },
  classId?: number,
): Promise<ReportClass[]> {
  let q = db
    .selectFrom('classes as c')
    .innerJoin('academicYears as y', (j) => j.onRef('y.schoolId', '=', 'c.schoolId').onRef('y.id', '=', 'c.yearId'))
    .where('c.schoolId', '=', schoolId);
  if (range.yearId !== undefined) q = q.where('c.yearId', '=', range.yearId);
  if (range.from !== undefined && range.to !== undefined)
    q = q.where('y.startsOn', '<=', range.to).where('y.endsOn', '>=', range.from);
  if (classId !== undefined) q = q.where('c.id', '=', classId);
  return q
    .select(['c.id', 'c.yearId', 'c.grade', 'c.letter', 'c.language'])
    .orderBy('c.grade')
    .orderBy('c.letter')
    .execute();
}

/** Classes for which the period is closed (a whole-school closure closes all of them). */
export async function closedClasses(db: Database, schoolId: number, periodId: number) {
  const rows = await db
    .selectFrom('periodClosures')
    .where('schoolId', '=', schoolId)
    .where('periodId', '=', periodId)
    .where('reopenedAt', 'is', null)
    .select('classId')
    .execute();
  return { school: rows.some((r) => r.classId === null), classIds: new Set(rows.flatMap((r) => r.classId ?? [])) };
}

/** The term grades fixed at the close for these assignments. */
export async function fixedTermGrades(db: Database, schoolId: number, periodId: number, assignmentIds: number[]) {
  if (assignmentIds.length === 0) return [];
  return db
    .selectFrom('termGrades')
    .where('schoolId', '=', schoolId)
    .where('periodId', '=', periodId)
    .where('assignmentId', 'in', assignmentIds)
    .select(['assignmentId', 'studentPersonId', 'grade', 'status'])
    .execute();
}

/**
 * The pupils of the classes enrolled at some point of [from, to], alphabetically: the attendance report's rows; with
 * from = to = the period's end, the performance report's (§4.1: those who left before the end are not counted).
 */
export async function pupilsDuring(db: Database, schoolId: number, classIds: number[], from: string, to: string) {
  if (classIds.length === 0) return [];
  return (
    db
      .selectFrom('classEnrollments as e')
      .innerJoin('persons as p', 'p.id', 'e.studentPersonId')
      .where('e.schoolId', '=', schoolId)
      .where('e.classId', 'in', classIds)
      .where('e.startsOn', '<=', to)
      .where((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', from)]))
      // An enrolment entered by mistake never existed.
      .where((w) => w.or([w('e.endReason', 'is', null), w('e.endReason', '!=', 'data_error')]))
      .select(['e.classId', 'e.studentPersonId as id', 'p.surname', 'p.firstName'])
      .orderBy('p.surname')
      .orderBy('p.firstName')
      .execute()
  );
}

export interface AttendanceAgg {
  classId: number;
  studentId: number;
  days: number;
  sickDays: number;
  lessons: number;
  sickLessons: number;
  lates: number;
}

/**
 * §3 per pupil over [from, to], in one statement. A pupil's lessons are the (not cancelled) lessons of their class
 * and own sub-groups on the days they were enrolled; a day is a full day missed when every one of those lessons is
 * marked н, п or б (the rule of journal.repository dayAbsences, over a range), and an illness day when all of
 * them are б.
 */
export async function attendanceAggregates(
  db: Database,
  schoolId: number,
  classIds: number[],
  from: string,
  to: string,
): Promise<AttendanceAgg[]> {
  if (classIds.length === 0) return [];
  const r = await sql<{
    classId: number | string;
    studentId: number | string;
    days: number | string;
    sickDays: number | string;
    lessons: number | string;
    sickLessons: number | string;
    lates: number | string;
  }>`
    with pupils as (
      select e.class_id, e.student_person_id, greatest(e.starts_on, ${from}::date) as d0,
             least(coalesce(e.ends_on, ${to}::date), ${to}::date) as d1
        from class_enrollments e
       where e.school_id = ${schoolId} and e.class_id in (${sql.join(classIds)})
         and e.starts_on <= ${to}::date and (e.ends_on is null or e.ends_on >= ${from}::date)
         and (e.end_reason is null or e.end_reason <> 'data_error')
    ),
    mine as (
      select p.class_id, p.student_person_id, l.date, a.code
        from pupils p
        join lessons l on l.school_id = ${schoolId} and l.class_id = p.class_id and l.status = 'scheduled'
                      and l.date between p.d0 and p.d1
        left join attendance a on a.school_id = l.school_id and a.lesson_id = l.id
                              and a.student_person_id = p.student_person_id
       where l.subgroup_id is null or exists (
               select 1 from subgroup_members sm
                where sm.school_id = l.school_id and sm.subgroup_id = l.subgroup_id
                  and sm.student_person_id = p.student_person_id)
    ),
    days as (
      select class_id, student_person_id, date,
             bool_and(coalesce(code in ('absent', 'excused', 'sick'), false)) as full_day,
             bool_and(coalesce(code = 'sick', false)) as sick_day,
             count(*) filter (where code in ('absent', 'excused', 'sick')) as missed,
             count(*) filter (where code = 'sick') as missed_sick,
             count(*) filter (where code = 'late') as late
        from mine
       group by class_id, student_person_id, date
    )
    select class_id as "classId", student_person_id as "studentId",
           count(*) filter (where full_day) as days,
           count(*) filter (where full_day and sick_day) as "sickDays",
           coalesce(sum(missed), 0) as lessons, coalesce(sum(missed_sick), 0) as "sickLessons",
           coalesce(sum(late), 0) as lates
      from days
     group by class_id, student_person_id`.execute(db);
  return r.rows.map((x) => ({
    classId: Number(x.classId),
    studentId: Number(x.studentId),
    days: Number(x.days),
    sickDays: Number(x.sickDays),
    lessons: Number(x.lessons),
    sickLessons: Number(x.sickLessons),
    lates: Number(x.lates),
  }));
}

export interface HeldLessonGap {
  teacherPersonId: number;
  classId: number;
  subjectId: number;
  subgroupId: number | null;
  date: string;
  noTopic: boolean;
  empty: boolean;
}

/**
 * The lessons held in [from, to] (not cancelled) that lack a topic or have neither attendance nor a mark, with the
 * teacher who held them (the substitute when there was one).
 */
export async function heldLessonGaps(db: Database, schoolId: number, from: string, to: string) {
  if (from > to) return [];
  const r = await sql<{
    teacherPersonId: number | string;
    classId: number | string;
    subjectId: number | string;
    subgroupId: number | string | null;
    date: string;
    noTopic: boolean;
    empty: boolean;
  }>`
    select * from (
      select coalesce(l.substitute_teacher_person_id, l.teacher_person_id) as "teacherPersonId",
             l.class_id as "classId", l.subject_id as "subjectId", l.subgroup_id as "subgroupId",
             to_char(l.date, 'YYYY-MM-DD') as date, l.lesson_number,
             (l.topic is null or btrim(l.topic) = '') as "noTopic",
             (not exists (select 1 from attendance a
                           where a.school_id = l.school_id and a.lesson_id = l.id and a.code is not null)
              and not exists (select 1 from marks m
                               where m.school_id = l.school_id and m.lesson_id = l.id and m.deleted_at is null))
               as empty
        from lessons l
       where l.school_id = ${schoolId} and l.status = 'scheduled'
         and l.date between ${from}::date and ${to}::date
    ) x
     where "noTopic" or empty
     order by date, lesson_number`.execute(db);
  return r.rows.map(
    (x): HeldLessonGap => ({
      teacherPersonId: Number(x.teacherPersonId),
      classId: Number(x.classId),
      subjectId: Number(x.subjectId),
      subgroupId: x.subgroupId === null ? null : Number(x.subgroupId),
      date: x.date,
      noTopic: x.noTopic,
      empty: x.empty,
    }),
  );
}

/** The period's live СОч works of these assignments, each with how many pupils have no score yet (on its date). */
export async function sochWorks(db: Database, schoolId: number, periodId: number, assignmentIds: number[]) {
  if (assignmentIds.length === 0) return [];
  const r = await sql<{
    id: number | string;
    assignmentId: number | string;
    title: string;
    date: string;
    unscored: number | string;
  }>`
    select w.id, w.assignment_id as "assignmentId", w.title, to_char(w.date, 'YYYY-MM-DD') as date,
           (select count(distinct e.student_person_id)
              from class_enrollments e
             where e.school_id = ta.school_id and e.class_id = ta.class_id
               and e.starts_on <= w.date and (e.ends_on is null or e.ends_on >= w.date)
               and (e.end_reason is null or e.end_reason <> 'data_error')
               and (ta.subgroup_id is null or exists (
                     select 1 from subgroup_members sm
                      where sm.school_id = ta.school_id and sm.subgroup_id = ta.subgroup_id
                        and sm.student_person_id = e.student_person_id))
               and not exists (select 1 from marks m
                                where m.school_id = w.school_id and m.work_id = w.id
                                  and m.student_person_id = e.student_person_id and m.deleted_at is null)
           ) as unscored
      from assessment_works w
      join teaching_assignments ta on ta.school_id = w.school_id and ta.id = w.assignment_id
     where w.school_id = ${schoolId} and w.period_id = ${periodId} and w.kind = 'soch' and w.deleted_at is null
       and w.assignment_id in (${sql.join(assignmentIds)})
     order by w.date, w.id`.execute(db);
  return r.rows.map((x) => ({
    id: Number(x.id),
    assignmentId: Number(x.assignmentId),
    title: x.title,
    date: x.date,
    unscored: Number(x.unscored),
  }));
}

export async function teacherNames(db: Database, personIds: number[]) {
  if (personIds.length === 0) return new Map<number, string>();
  const rows = await db
    .selectFrom('persons')
    .where('id', 'in', personIds)
    .select(['id', 'surname', 'firstName', 'patronymic'])
    .execute();
  return new Map(rows.map((p) => [p.id, [p.surname, p.firstName, p.patronymic].filter(Boolean).join(' ')]));
}
