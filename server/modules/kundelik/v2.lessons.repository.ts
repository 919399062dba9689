import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

/**
 * Lessons, their СОр/СОч works and homework for the v2 surface. Each read is one statement over a set of
 * lessons; callers join them in memory (no per-lesson query).
 */

export interface LessonFilter {
  schoolId: number;
  lessonIds?: number[];
  classId?: number;
  /** Only this sub-group's lessons (a sub-group edu-group). */
  subgroupId?: number;
  /** A pupil's view: the class's whole-class lessons plus those of these sub-groups. */
  pupilSubgroups?: number[];
  subjectId?: number;
  from?: string;
  to?: string;
}

export async function lessonRows(db: Database, f: LessonFilter) {
  let q = db
    .selectFrom('lessons as l')
    .innerJoin('subjects as s', (j) => j.onRef('s.schoolId', '=', 'l.schoolId').onRef('s.id', '=', 'l.subjectId'))
    .leftJoin('bellSchedules as b', (j) =>
      j
        .onRef('b.schoolId', '=', 'l.schoolId')
        .onRef('b.yearId', '=', 'l.yearId')
        .onRef('b.shift', '=', 'l.shift')
        .onRef('b.lessonNumber', '=', 'l.lessonNumber'),
    )
    .leftJoin('rooms as r', (j) => j.onRef('r.schoolId', '=', 'l.schoolId').onRef('r.id', '=', 'l.roomId'))
    .where('l.schoolId', '=', f.schoolId);
  if (f.lessonIds) q = q.where('l.id', 'in', f.lessonIds.length ? f.lessonIds : [0]);
  if (f.classId !== undefined) q = q.where('l.classId', '=', f.classId);
  if (f.subgroupId !== undefined) q = q.where('l.subgroupId', '=', f.subgroupId);
  if (f.pupilSubgroups) {
    const subs = f.pupilSubgroups;
    q = q.where((w) => w.or([w('l.subgroupId', 'is', null), w('l.subgroupId', 'in', subs.length ? subs : [0])]));
  }
  if (f.subjectId !== undefined) q = q.where('l.subjectId', '=', f.subjectId);
  if (f.from) q = q.where('l.date', '>=', f.from);
  if (f.to) q = q.where('l.date', '<=', f.to);
  const rows = await q
    .select([
      'l.id',
      sql<string>`to_char(l.date, 'YYYY-MM-DD')`.as('date'),
      'l.lessonNumber',
      'l.classId',
      'l.subgroupId',
      'l.subjectId',
      'l.periodId',
      'l.teacherPersonId',
      'l.substituteTeacherPersonId',
      'l.status',
      'l.topic',
      's.nameKk',
      's.nameRu',
      's.nameEn',
      's.catalogueCode',
      'b.startsAt',
      'b.endsAt',
      'r.name as roomName',
    ])
    .orderBy('l.date')
    .orderBy('l.lessonNumber')
    .orderBy('l.id')
    .limit(5000)
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    classId: Number(r.classId),
    subgroupId: r.subgroupId === null ? null : Number(r.subgroupId),
    subjectId: Number(r.subjectId),
    periodId: r.periodId === null ? null : Number(r.periodId),
    teacherPersonId: Number(r.teacherPersonId),
    substituteTeacherPersonId: r.substituteTeacherPersonId === null ? null : Number(r.substituteTeacherPersonId),
  }));
}
export type LessonRow = Awaited<ReturnType<typeof lessonRows>>[number];

/** Live СОр/СОч works by lesson (their own lesson, else the assignment's lesson on the work's date), or by id. */
export async function worksOf(db: Database, schoolId: number, f: { lessonIds?: number[]; workIds?: number[] }) {
  const lessonRef = sql<number | null>`coalesce(w.lesson_id, (
    select min(x.id) from lessons x
     where x.school_id = ta.school_id and x.class_id = ta.class_id and x.subject_id = ta.subject_id
       and x.subgroup_id is not distinct from ta.subgroup_id and x.date = w.date))`;
  let q = db
    .selectFrom('assessmentWorks as w')
    .innerJoin('teachingAssignments as ta', (j) =>
      j.onRef('ta.schoolId', '=', 'w.schoolId').onRef('ta.id', '=', 'w.assignmentId'),
    )
    .innerJoin('academicPeriods as p', (j) => j.onRef('p.schoolId', '=', 'w.schoolId').onRef('p.id', '=', 'w.periodId'))
    .where('w.schoolId', '=', schoolId)
    .where('w.deletedAt', 'is', null);
  if (f.workIds) q = q.where('w.id', 'in', f.workIds.length ? f.workIds : [0]);
  if (f.lessonIds) q = q.where(lessonRef, 'in', f.lessonIds.length ? f.lessonIds : [0]);
  const rows = await q
    .select([
      'w.id',
      'w.kind',
      'w.title',
      'w.maxScore',
      sql<string>`to_char(w.date, 'YYYY-MM-DD')`.as('date'),
      'w.createdBy',
      'w.createdAt',
      'ta.classId',
      'ta.subgroupId',
      'ta.subjectId',
      'p.kind as periodKind',
      'p.number as periodNumber',
      lessonRef.as('lessonId'),
    ])
    .orderBy('w.date')
    .orderBy('w.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    classId: Number(r.classId),
    subgroupId: r.subgroupId === null ? null : Number(r.subgroupId),
    subjectId: Number(r.subjectId),
    createdBy: Number(r.createdBy),
    lessonId: r.lessonId === null ? null : Number(r.lessonId),
  }));
}
export type WorkRow = Awaited<ReturnType<typeof worksOf>>[number];

/**
 * Homework by lesson, by id, or of a class over due dates [from, to] (due = its due date, else the lesson's
 * day, as the diary counts it); `personId` adds that pupil's "done" tick.
 */
export async function homeworkOf(
  db: Database,
  schoolId: number,
  f: {
    lessonIds?: number[];
    homeworkIds?: number[];
    classId?: number;
    pupilSubgroups?: number[];
    subjectId?: number;
    from?: string;
    to?: string;
    personId?: number;
    /** Only those `personId` has not ticked done. */
    undone?: boolean;
  },
) {
  const due = sql<string>`coalesce(h.due_date, l.date)`;
  let q = db
    .selectFrom('homework as h')
    .innerJoin('lessons as l', (j) => j.onRef('l.schoolId', '=', 'h.schoolId').onRef('l.id', '=', 'h.lessonId'))
    .innerJoin('academicPeriods as p', (j) => j.onRef('p.schoolId', '=', 'l.schoolId').onRef('p.id', '=', 'l.periodId'))
    .leftJoin('homeworkDone as hd', (j) =>
      j
        .onRef('hd.schoolId', '=', 'h.schoolId')
        .onRef('hd.homeworkId', '=', 'h.id')
        .on('hd.studentPersonId', '=', f.personId ?? 0),
    )
    .where('h.schoolId', '=', schoolId);
  if (f.lessonIds) q = q.where('h.lessonId', 'in', f.lessonIds.length ? f.lessonIds : [0]);
  if (f.homeworkIds) q = q.where('h.id', 'in', f.homeworkIds.length ? f.homeworkIds : [0]);
  if (f.classId !== undefined) q = q.where('l.classId', '=', f.classId);
  if (f.pupilSubgroups) {
    const subs = f.pupilSubgroups;
    q = q.where((w) => w.or([w('l.subgroupId', 'is', null), w('l.subgroupId', 'in', subs.length ? subs : [0])]));
  }
  if (f.subjectId !== undefined) q = q.where('l.subjectId', '=', f.subjectId);
  if (f.from) q = q.where(due, '>=', f.from);
  if (f.to) q = q.where(due, '<=', f.to);
  if (f.undone) q = q.where('hd.doneAt', 'is', null);
  const rows = await q
    .select([
      'h.id',
      'h.lessonId',
      sql<string>`to_char(l.date, 'YYYY-MM-DD')`.as('lessonDate'),
      'h.text',
      sql<string>`to_char(${due}, 'YYYY-MM-DD')`.as('targetDate'),
      'h.createdBy',
      'h.createdAt',
      'l.classId',
      'l.subgroupId',
      'l.subjectId',
      'p.kind as periodKind',
      'p.number as periodNumber',
      sql<boolean>`hd.done_at is not null`.as('done'),
    ])
    .orderBy(due)
    .orderBy('h.id')
    .limit(2000)
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    lessonId: Number(r.lessonId),
    classId: Number(r.classId),
    subgroupId: r.subgroupId === null ? null : Number(r.subgroupId),
    subjectId: Number(r.subjectId),
    createdBy: Number(r.createdBy),
  }));
}
export type HomeworkRow = Awaited<ReturnType<typeof homeworkOf>>[number];

/** Attachments of homework (name and size only: the bytes stay behind the web app's download route). */
export async function homeworkFiles(db: Database, schoolId: number, lessonIds: number[]) {
  if (lessonIds.length === 0) return [];
  const rows = await db
    .selectFrom('homeworkAttachments')
    .where('schoolId', '=', schoolId)
    .where('lessonId', 'in', lessonIds)
    .where('deletedAt', 'is', null)
    .select(['id', 'lessonId', 'fileName', 'contentType', 'size', 'createdAt', 'createdBy'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), lessonId: Number(r.lessonId), createdBy: Number(r.createdBy) }));
}
