import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { AssessmentMode, PeriodKind } from '../../db/tables/school.js';

/**
 * The journal's reads. Every query names the school first (tenant isolation) and is set-based: the grid of a
 * class of 35 × 50 lessons is a fixed handful of statements.
 */

export interface AssignmentRow {
  id: number;
  yearId: number;
  classId: number;
  grade: number;
  letter: string;
  classTeacherPersonId: number | null;
  subgroupId: number | null;
  subgroupName: string | null;
  subjectId: number;
  nameKk: string;
  nameRu: string;
  nameEn: string;
  teacherPersonId: number;
  teacherSurname: string;
  teacherFirstName: string;
  teacherPatronymic: string | null;
  mode: AssessmentMode | null;
  hasTermSummative: boolean | null;
  periodKind: PeriodKind | null;
  /** The actor substitutes at least one of its lessons. */
  substitutes: boolean;
}

function assignmentQuery(db: Database, schoolId: number, actorPersonId: number) {
  return db
    .selectFrom('teachingAssignments as ta')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'ta.schoolId').onRef('c.id', '=', 'ta.classId'))
    .innerJoin('subjects as s', (j) => j.onRef('s.schoolId', '=', 'ta.schoolId').onRef('s.id', '=', 'ta.subjectId'))
    .innerJoin('persons as p', 'p.id', 'ta.teacherPersonId')
    .leftJoin('subgroups as sg', (j) => j.onRef('sg.schoolId', '=', 'ta.schoolId').onRef('sg.id', '=', 'ta.subgroupId'))
    .leftJoin('assessmentModes as am', (j) =>
      j
        .onRef('am.schoolId', '=', 'ta.schoolId')
        .onRef('am.yearId', '=', 'ta.yearId')
        .onRef('am.subjectId', '=', 'ta.subjectId')
        .onRef('am.grade', '=', 'c.grade'),
    )
    .where('ta.schoolId', '=', schoolId)
    .select((eb) => [
      'ta.id',
      'ta.yearId',
      'ta.classId',
      'c.grade',
      'c.letter',
      'c.classTeacherPersonId',
      'ta.subgroupId',
      'sg.name as subgroupName',
      'ta.subjectId',
      's.nameKk',
      's.nameRu',
      's.nameEn',
      'ta.teacherPersonId',
      'p.surname as teacherSurname',
      'p.firstName as teacherFirstName',
      'p.patronymic as teacherPatronymic',
      'am.mode',
      'am.hasTermSummative',
      'am.periodKind',
      eb
        .exists(
          eb
            .selectFrom('lessons as l')
            .whereRef('l.schoolId', '=', 'ta.schoolId')
            .whereRef('l.classId', '=', 'ta.classId')
            .whereRef('l.subjectId', '=', 'ta.subjectId')
            .where(sql<boolean>`l.subgroup_id is not distinct from ta.subgroup_id`)
            .where('l.substituteTeacherPersonId', '=', actorPersonId),
        )
        .as('substitutes'),
    ]);
}

export async function findAssignment(db: Database, schoolId: number, id: number, actorPersonId: number) {
  return (await assignmentQuery(db, schoolId, actorPersonId).where('ta.id', '=', id).executeTakeFirst()) as
    | AssignmentRow
    | undefined;
}

/** A teacher's own assignments (and those they substitute in); everything for `all`. */
export async function listAssignments(
  db: Database,
  schoolId: number,
  actorPersonId: number,
  opts: { all: boolean; classId?: number },
) {
  let q = assignmentQuery(db, schoolId, actorPersonId);
  if (opts.classId !== undefined) q = q.where('ta.classId', '=', opts.classId);
  if (!opts.all) {
    q = q.where((eb) =>
      eb.or([
        eb('ta.teacherPersonId', '=', actorPersonId),
        eb('c.classTeacherPersonId', '=', actorPersonId),
        eb.exists(
          eb
            .selectFrom('lessons as l')
            .whereRef('l.schoolId', '=', 'ta.schoolId')
            .whereRef('l.classId', '=', 'ta.classId')
            .whereRef('l.subjectId', '=', 'ta.subjectId')
            .where(sql<boolean>`l.subgroup_id is not distinct from ta.subgroup_id`)
            .where('l.substituteTeacherPersonId', '=', actorPersonId),
        ),
      ]),
    );
  }
  return (await q
    .orderBy('c.grade')
    .orderBy('c.letter')
    .orderBy('s.nameKk')
    .orderBy('ta.id')
    .execute()) as AssignmentRow[];
}

export interface PeriodRow {
  id: number;
  yearId: number;
  kind: PeriodKind;
  number: number;
  startsOn: string;
  endsOn: string;
  closed: boolean;
}

/**
 * The year's periods of one kind (or of every kind: quarters first, then half-years), each with whether it is
 * closed for the class (or the whole school).
 */
export async function listPeriods(
  db: Database,
  schoolId: number,
  yearId: number,
  kind: PeriodKind | null,
  classId: number,
) {
  return (await db
    .selectFrom('academicPeriods as p')
    .where('p.schoolId', '=', schoolId)
    .where('p.yearId', '=', yearId)
    .$if(kind !== null, (q) => q.where('p.kind', '=', kind as PeriodKind))
    .select((eb) => [
      'p.id',
      'p.yearId',
      'p.kind',
      'p.number',
      'p.startsOn',
      'p.endsOn',
      eb
        .exists(
          eb
            .selectFrom('periodClosures as pc')
            .whereRef('pc.schoolId', '=', 'p.schoolId')
            .whereRef('pc.periodId', '=', 'p.id')
            .where('pc.reopenedAt', 'is', null)
            .where((w) => w.or([w('pc.classId', 'is', null), w('pc.classId', '=', classId)])),
        )
        .as('closed'),
    ])
    .orderBy('p.kind', 'desc') // quarter before half_year
    .orderBy('p.startsOn')
    .execute()) as PeriodRow[];
}

/** Date ranges closed for a class (any period kind): a lesson or work dated inside one is read-only. */
export async function closedRanges(db: Database, schoolId: number, classId: number) {
  return db
    .selectFrom('periodClosures as pc')
    .innerJoin('academicPeriods as p', (j) =>
      j.onRef('p.schoolId', '=', 'pc.schoolId').onRef('p.id', '=', 'pc.periodId'),
    )
    .where('pc.schoolId', '=', schoolId)
    .where('pc.reopenedAt', 'is', null)
    .where((w) => w.or([w('pc.classId', 'is', null), w('pc.classId', '=', classId)]))
    .select(['p.startsOn', 'p.endsOn'])
    .execute();
}

/** Students of the class (or sub-group) enrolled at some point of [from, to]. */
export async function gridStudents(db: Database, schoolId: number, a: AssignmentRow, from: string, to: string) {
  let q = db
    .selectFrom('classEnrollments as e')
    .innerJoin('persons as p', 'p.id', 'e.studentPersonId')
    .where('e.schoolId', '=', schoolId)
    .where('e.classId', '=', a.classId)
    .where('e.startsOn', '<=', to)
    .where((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', from)]))
    // An enrolment entered by mistake never existed.
    .where((w) => w.or([w('e.endReason', 'is', null), w('e.endReason', '!=', 'data_error')]));
  if (a.subgroupId !== null) {
    const sg = a.subgroupId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('subgroupMembers as sm')
          .whereRef('sm.schoolId', '=', 'e.schoolId')
          .whereRef('sm.studentPersonId', '=', 'e.studentPersonId')
          .where('sm.subgroupId', '=', sg),
      ),
    );
  }
  return q
    .select(['e.studentPersonId as id', 'p.surname', 'p.firstName', 'e.startsOn', 'e.endsOn'])
    .orderBy('p.surname')
    .orderBy('p.firstName')
    .orderBy('e.startsOn')
    .execute();
}

/** The assignment's lessons in [from, to] (by date, so a half-year grid spans its quarters). */
export function lessonsQuery(db: Database, schoolId: number, a: AssignmentRow) {
  return db
    .selectFrom('lessons as l')
    .leftJoin('homework as h', (j) => j.onRef('h.schoolId', '=', 'l.schoolId').onRef('h.lessonId', '=', 'l.id'))
    .where('l.schoolId', '=', schoolId)
    .where('l.classId', '=', a.classId)
    .where('l.subjectId', '=', a.subjectId)
    .where(sql<boolean>`l.subgroup_id is not distinct from ${a.subgroupId}`)
    .select([
      'l.id',
      'l.date',
      'l.lessonNumber',
      'l.topic',
      'l.status',
      'l.substituteTeacherPersonId',
      'l.teacherPersonId',
      'l.journalRevision',
      'h.text as homeworkText',
      'h.dueDate as homeworkDueDate',
    ]);
}
export type LessonRow = Awaited<ReturnType<ReturnType<typeof lessonsQuery>['execute']>>[number];

export function worksQuery(db: Database, schoolId: number, assignmentId: number) {
  return db
    .selectFrom('assessmentWorks as w')
    .where('w.schoolId', '=', schoolId)
    .where('w.assignmentId', '=', assignmentId)
    .select([
      'w.id',
      'w.kind',
      'w.title',
      'w.maxScore',
      'w.date',
      'w.lessonId',
      'w.overridden',
      'w.periodId',
      'w.deletedAt',
      'w.revision',
    ]);
}
export type WorkRow = Awaited<ReturnType<ReturnType<typeof worksQuery>['execute']>>[number];

export const MARK_COLUMNS = [
  'm.id',
  'm.studentPersonId',
  'm.lessonId',
  'm.workId',
  'm.kind',
  'm.value',
  'm.score',
  'm.status',
  'm.comment',
  'm.version',
  'm.deletedAt',
  'm.revision',
] as const;

/** Marks on the given lessons and works; live only unless `since` (then deleted ones too, as removals). */
export async function marksOf(db: Database, schoolId: number, lessonIds: number[], workIds: number[], since?: number) {
  if (lessonIds.length === 0 && workIds.length === 0) return [];
  let q = db
    .selectFrom('marks as m')
    .where('m.schoolId', '=', schoolId)
    .where((w) =>
      w.or([
        ...(lessonIds.length ? [w('m.lessonId', 'in', lessonIds)] : []),
        ...(workIds.length ? [w('m.workId', 'in', workIds)] : []),
      ]),
    );
  q = since === undefined ? q.where('m.deletedAt', 'is', null) : q.where('m.revision', '>', since);
  return q.select(MARK_COLUMNS).orderBy('m.id').execute();
}
export type MarkRow = Awaited<ReturnType<typeof marksOf>>[number];

export async function attendanceOf(db: Database, schoolId: number, lessonIds: number[], since?: number) {
  if (lessonIds.length === 0) return [];
  let q = db.selectFrom('attendance as a').where('a.schoolId', '=', schoolId).where('a.lessonId', 'in', lessonIds);
  // Cleared entries (code null) come too: their version guards the next concurrent write.
  if (since !== undefined) q = q.where('a.revision', '>', since);
  return q.select(['a.studentPersonId', 'a.lessonId', 'a.code', 'a.reason', 'a.version']).execute();
}
export type AttendanceRow = Awaited<ReturnType<typeof attendanceOf>>[number];

/** The journal's revision now: every write after this has a larger one. */
export async function currentRevision(db: Database): Promise<number> {
  const r = await sql<{ lastValue: string; isCalled: boolean }>`
    select last_value, is_called from journal_revision`.execute(db);
  const row = r.rows[0];
  return row?.isCalled ? Number(row.lastValue) : 0;
}

/**
 * §3: the students of a class who missed every (not cancelled) lesson of a day that concerns them (their
 * class's whole-class lessons and their own sub-groups'), with whether all of it was illness.
 */
export async function dayAbsences(db: Database, schoolId: number, classId: number, date: string) {
  const r = await sql<{ studentId: string | number; sick: boolean }>`
    with mine as (
      select e.student_person_id as student_id, l.id as lesson_id
        from class_enrollments e
        join lessons l on l.school_id = e.school_id and l.class_id = e.class_id and l.date = ${date}
                      and l.status = 'scheduled'
       where e.school_id = ${schoolId} and e.class_id = ${classId}
         and e.starts_on <= ${date} and (e.ends_on is null or e.ends_on >= ${date})
         and (l.subgroup_id is null or exists (
               select 1 from subgroup_members sm
                where sm.school_id = l.school_id and sm.subgroup_id = l.subgroup_id
                  and sm.student_person_id = e.student_person_id))
    )
    select mine.student_id as "studentId", bool_and(coalesce(a.code = 'sick', false)) as sick
      from mine
      left join attendance a on a.school_id = ${schoolId} and a.lesson_id = mine.lesson_id
                            and a.student_person_id = mine.student_id
     group by mine.student_id
    having bool_and(coalesce(a.code in ('absent', 'excused', 'sick'), false))
     order by 1`.execute(db);
  return r.rows.map((x) => ({ studentId: Number(x.studentId), sick: x.sick === true }));
}
