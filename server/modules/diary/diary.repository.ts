import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { fixedQuery } from '../../db/fixed-query.js';
import { sitsWork } from './sits-work.js';

/**
 * The diary's reads. Each is one statement, set-based, school first. The week is one statement of its own
 * (week.repository.ts).
 */

type Attachment = { id: number; fileName: string; size: number; contentType: string };

/**
 * The students the actor may read: themselves where they are a current student, and their linked current children
 * at every school where they are a parent. The schools come from the actor's own (session) memberships, never from
 * the client; a child's data is then read at the child's school by the child's enrolment.
 */
export async function readableStudents(
  db: Database,
  actorPersonId: number,
  studentSchoolIds: number[],
  parentSchoolIds: number[],
  today: string,
) {
  if (studentSchoolIds.length === 0 && parentSchoolIds.length === 0) return [];
  return readable(db, { actorPersonId, studentSchoolIds, parentSchoolIds, today });
}

// Every diary request runs this (the access check): built once, the school lists as array parameters (= any).
const readable = fixedQuery(
  (db, v: { actorPersonId: number; studentSchoolIds: number[]; parentSchoolIds: number[]; today: string }) => {
    // Who is asked about, (school, person): the linked children at the parent's schools and the actor at their own.
    // Starting from these few pairs keeps the lookup to the person's rows (never a scan of the school's students).
    const children = db
      .selectFrom('guardianships as g')
      .where('g.parentPersonId', '=', v.actorPersonId)
      .where(({ eb, fn, val }) => eb('g.institutionId', '=', fn.any(val(v.parentSchoolIds))))
      .select(['g.institutionId as schoolId', 'g.childPersonId as personId']);
    const self = db
      .selectFrom('memberships as x')
      .where('x.personId', '=', v.actorPersonId)
      .where(({ eb, fn, val }) => eb('x.institutionId', '=', fn.any(val(v.studentSchoolIds))))
      .where('x.profile', '=', 'student')
      .select(['x.institutionId as schoolId', 'x.personId as personId']);
    const today = v.today;
    return db
      .selectFrom(children.union(self).as('tg'))
      .innerJoin('memberships as sm', (j) =>
        j.onRef('sm.institutionId', '=', 'tg.schoolId').onRef('sm.personId', '=', 'tg.personId'),
      )
      .innerJoin('persons as p', 'p.id', 'sm.personId')
      .leftJoin('classEnrollments as e', (j) =>
        j
          .onRef('e.schoolId', '=', 'sm.institutionId')
          .onRef('e.studentPersonId', '=', 'sm.personId')
          .on('e.startsOn', '<=', today)
          .on((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', today)])),
      )
      .leftJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'e.schoolId').onRef('c.id', '=', 'e.classId'))
      .where('sm.profile', '=', 'student')
      .where('sm.startsOn', '<=', today)
      .where((w) => w.or([w('sm.endsOn', 'is', null), w('sm.endsOn', '>', today)]))
      .where('p.deletedAt', 'is', null)
      .select([
        'p.id as personId',
        'p.surname',
        'p.firstName',
        'p.patronymic',
        'sm.institutionId as schoolId',
        'c.grade',
        'c.letter',
      ])
      .orderBy('p.surname')
      .orderBy('p.firstName')
      .orderBy('p.id');
  },
);

/**
 * The student's lessons as `l` (with their enrolment as `e`): the lessons of the class they were in on each date,
 * whole-class or one of their sub-groups'. Driven from the student's enrolments, so the lessons are found by the
 * (school, class, date) index — a few rows — rather than by probing every lesson of the school that week.
 */
function studentLessonsFrom(db: Database, schoolId: number, studentId: number) {
  return db
    .selectFrom('classEnrollments as e')
    .innerJoin('lessons as l', (j) =>
      j
        .onRef('l.schoolId', '=', 'e.schoolId')
        .onRef('l.classId', '=', 'e.classId')
        .onRef('l.date', '>=', 'e.startsOn')
        .on((w) => w.or([w('e.endsOn', 'is', null), w('l.date', '<=', w.ref('e.endsOn'))])),
    )
    .where('e.schoolId', '=', schoolId)
    .where('e.studentPersonId', '=', studentId)
    .where((eb) =>
      eb.or([
        eb('l.subgroupId', 'is', null),
        eb.exists(
          eb
            .selectFrom('subgroupMembers as sm')
            .whereRef('sm.schoolId', '=', 'l.schoolId')
            .whereRef('sm.subgroupId', '=', 'l.subgroupId')
            .where('sm.studentPersonId', '=', studentId)
            .select('sm.subgroupId'),
        ),
      ]),
    );
}

const attachmentsOf = (homeworkId: string) =>
  sql<Attachment[] | null>`(select json_agg(json_build_object('id', ha.id, 'fileName', ha.file_name,
      'size', ha.size, 'contentType', ha.content_type) order by ha.id)
    from homework_attachments ha
    where ha.school_id = h.school_id and ha.homework_id = ${sql.ref(homeworkId)} and ha.deleted_at is null)`;

/**
 * Homework set at the student's lessons, with the lesson's date and subject, the files and the tick: due in a
 * range (the week's "due" lists), or for the homework list by status.
 */
export function homeworkQuery(db: Database, schoolId: number, studentId: number) {
  return studentLessonsFrom(db, schoolId, studentId)
    .innerJoin('homework as h', (j) => j.onRef('h.schoolId', '=', 'l.schoolId').onRef('h.lessonId', '=', 'l.id'))
    .innerJoin('subjects as s', (j) => j.onRef('s.schoolId', '=', 'l.schoolId').onRef('s.id', '=', 'l.subjectId'))
    .leftJoin('homeworkDone as hd', (j) =>
      j
        .onRef('hd.schoolId', '=', 'h.schoolId')
        .onRef('hd.homeworkId', '=', 'h.id')
        .on('hd.studentPersonId', '=', studentId),
    )
    .select([
      'h.id',
      'h.lessonId',
      'l.date as setOn',
      's.nameKk',
      's.nameRu',
      's.nameEn',
      'h.text',
      'h.dueDate',
      'hd.doneAt',
      attachmentsOf('h.id').as('attachments'),
    ]);
}
export type HomeworkRow = Awaited<ReturnType<ReturnType<typeof homeworkQuery>['execute']>>[number];

/** Summative works of the student's assignments in a date range, each with the student's live mark if any. */
export function studentWorks(db: Database, schoolId: number, studentId: number, from: string, to: string) {
  return studentWorksQuery(db, { schoolId, studentId, from, to });
}
const studentWorksQuery = fixedQuery((db, v: { schoolId: number; studentId: number; from: string; to: string }) => {
  const { schoolId, studentId, from, to } = v;
  return db
    .selectFrom('assessmentWorks as w')
    .innerJoin('teachingAssignments as ta', (j) =>
      j.onRef('ta.schoolId', '=', 'w.schoolId').onRef('ta.id', '=', 'w.assignmentId'),
    )
    .innerJoin('subjects as s', (j) => j.onRef('s.schoolId', '=', 'ta.schoolId').onRef('s.id', '=', 'ta.subjectId'))
    .leftJoin('marks as m', (j) =>
      j
        .onRef('m.schoolId', '=', 'w.schoolId')
        .onRef('m.workId', '=', 'w.id')
        .on('m.studentPersonId', '=', studentId)
        .on('m.deletedAt', 'is', null),
    )
    .where('w.schoolId', '=', schoolId)
    .where('w.deletedAt', 'is', null)
    .where('w.date', '>=', from)
    .where('w.date', '<=', to)
    .where((eb) => sitsWork(eb, studentId))
    .select([
      'w.id',
      'w.assignmentId',
      'w.periodId',
      'w.kind',
      'w.title',
      'w.date',
      'w.maxScore',
      's.nameKk',
      's.nameRu',
      's.nameEn',
      'm.score',
      'm.status',
      'm.comment',
      'm.version',
    ])
    .orderBy('w.date')
    .orderBy('w.id');
});

/** Ticks or unticks a homework (idempotent). */
export async function setHomeworkDone(
  db: Database,
  schoolId: number,
  homeworkId: number,
  studentId: number,
  done: boolean,
  at: Date,
) {
  if (done) {
    await db
      .insertInto('homeworkDone')
      .values({ schoolId, homeworkId, studentPersonId: studentId, doneAt: at })
      .onConflict((oc) => oc.columns(['schoolId', 'homeworkId', 'studentPersonId']).doNothing())
      .execute();
  } else {
    await db
      .deleteFrom('homeworkDone')
      .where('schoolId', '=', schoolId)
      .where('homeworkId', '=', homeworkId)
      .where('studentPersonId', '=', studentId)
      .execute();
  }
}
