/**
 * The reads behind the v2 marks surface (marks, recentmarks, lesson-log, averages): one set-based statement each,
 * school first, the marks' partition key (year_start) narrowed whenever a date range is known.
 *
 * For helper VA (persons/{p}/groups/{g}/schedules): `marksAndLogForPerson(db, {schoolId, personId, from, to})`
 * returns the pupil's Mark objects and LessonLogEntry objects of [from, to] (lesson dates), two statements.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { SCHOOL_TIME_ZONE } from '../../lib/clock.js';
import { startYearOf } from '../journal/academic-start-year.js';
import { presentLogEntry } from './v2.lesson-log.presenter.js';
import { parseV2WorkId, presentMark, type V2MarkSource } from './v2.marks.presenter.js';

export interface MarkFilter {
  schoolId: number;
  personIds?: number[];
  classId?: number;
  /** A sub-group edu-group: its lessons and its assignments' works only. */
  subgroupId?: number;
  subjectId?: number;
  lessonIds?: number[];
  /** v2 work ids (v2.marks.presenter.ts parseV2WorkId). */
  workIds?: number[];
  markIds?: number[];
  /** Lesson / work date range, inclusive. */
  from?: string;
  to?: string;
  /** The school-local day the mark was given. */
  givenOn?: string;
  /** Given on or after this school-local day. */
  givenFrom?: string;
  /** The latest N marks (by when they were given) instead of date order. */
  latest?: number;
  /** Partition pruning when no date range narrows it. */
  yearStarts?: number[];
}

/** The academic start years [from, to] touches (the marks' partition key). */
export function yearStartsOf(from: string, to: string): number[] {
  const a = startYearOf(from);
  const b = Math.max(a, startYearOf(to));
  return Array.from({ length: Math.min(b - a + 1, 20) }, (_, i) => a + i);
}

export interface MarkRow extends V2MarkSource {
  classId: number;
  subjectId: number;
  subgroupId: number | null;
  assignmentId: number | null;
}

/**
 * Live marks with what presenting and access need: the class × subject × sub-group they belong to (from the
 * lesson, or from the work's assignment) and the lesson they hang on. One statement.
 */
export async function markRows(db: Database, f: MarkFilter): Promise<MarkRow[]> {
  const years = f.yearStarts ?? (f.from && f.to ? yearStartsOf(f.from, f.to) : undefined);
  const workIds = f.workIds ?? [];
  let q = db
    .selectFrom('marks as m')
    .leftJoin('lessons as l', (j) => j.onRef('l.schoolId', '=', 'm.schoolId').onRef('l.id', '=', 'm.lessonId'))
    .leftJoin('assessmentWorks as w', (j) =>
      j.onRef('w.schoolId', '=', 'm.schoolId').onRef('w.id', '=', 'm.workId').on('w.deletedAt', 'is', null),
    )
    .leftJoin('teachingAssignments as ta', (j) =>
      j.onRef('ta.schoolId', '=', 'w.schoolId').onRef('ta.id', '=', 'w.assignmentId'),
    )
    .where('m.schoolId', '=', f.schoolId)
    .where('m.deletedAt', 'is', null)
    .where((w) => w.or([w('l.id', 'is not', null), w('ta.id', 'is not', null)]));
  if (years) q = q.where('m.yearStart', 'in', years);
  if (f.personIds) q = q.where('m.studentPersonId', 'in', f.personIds.length ? f.personIds : [0]);
  if (f.markIds) q = q.where('m.id', 'in', f.markIds.length ? f.markIds : [0]);
  if (f.lessonIds) {
    const ls = f.lessonIds.length ? f.lessonIds : [0];
    q = q.where((w) => w.or([w('m.lessonId', 'in', ls), w('w.lessonId', 'in', ls)]));
  }
  if (f.workIds) {
    // Our assessment works by id; a lesson's implicit ФО work as its lesson's ФО-side marks.
    const parsed = workIds.map(parseV2WorkId);
    const ws = parsed.flatMap((x) => ('workId' in x ? [x.workId] : []));
    const ls = parsed.flatMap((x) => ('lessonId' in x ? [x.lessonId] : []));
    q = q.where((w) => w.or([w('m.workId', 'in', ws.length ? ws : [0]), w('m.lessonId', 'in', ls.length ? ls : [0])]));
  }
  if (f.classId !== undefined) q = q.where(sql<boolean>`coalesce(l.class_id, ta.class_id) = ${f.classId}`);
  if (f.subjectId !== undefined) q = q.where(sql<boolean>`coalesce(l.subject_id, ta.subject_id) = ${f.subjectId}`);
  if (f.subgroupId !== undefined) {
    q = q.where(
      sql<boolean>`(case when l.id is not null then l.subgroup_id else ta.subgroup_id end) = ${f.subgroupId}`,
    );
  }
  if (f.from) q = q.where(sql<boolean>`coalesce(l.date, w.date) >= ${f.from}::date`);
  if (f.to) q = q.where(sql<boolean>`coalesce(l.date, w.date) <= ${f.to}::date`);
  if (f.givenOn) {
    q = q.where(sql<boolean>`(m.created_at at time zone ${SCHOOL_TIME_ZONE})::date = ${f.givenOn}::date`);
  }
  if (f.givenFrom)
    q = q.where(sql<boolean>`(m.created_at at time zone ${SCHOOL_TIME_ZONE})::date >= ${f.givenFrom}::date`);
  q = f.latest
    ? q.orderBy('m.createdAt', 'desc').orderBy('m.id', 'desc').limit(f.latest)
    : q.orderBy(sql`coalesce(l.date, w.date)`).orderBy('m.id');
  const rows = await q
    .select([
      'm.id',
      'm.studentPersonId',
      'm.lessonId',
      'm.workId',
      'm.kind',
      'm.value',
      'm.score',
      'm.status',
      'm.createdAt',
      'w.kind as workKind',
      'w.maxScore',
      sql<string>`to_char(coalesce(l.date, w.date), 'YYYY-MM-DD')`.as('day'),
      sql<number>`coalesce(l.class_id, ta.class_id)`.as('classId'),
      sql<number>`coalesce(l.subject_id, ta.subject_id)`.as('subjectId'),
      sql<number | null>`case when l.id is not null then l.subgroup_id else ta.subgroup_id end`.as('subgroupId'),
      'ta.id as assignmentId',
      // A СОр/СОч without its own lesson hangs on its assignment's first lesson that day (clients join marks to
      // subjects through the lesson).
      sql<number | null>`coalesce(m.lesson_id, w.lesson_id, (
        select min(x.id) from lessons x
         where x.school_id = ta.school_id and x.class_id = ta.class_id and x.subject_id = ta.subject_id
           and x.subgroup_id is not distinct from ta.subgroup_id and x.date = w.date))`.as('lessonRef'),
    ])
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    studentPersonId: Number(r.studentPersonId),
    lessonId: r.lessonId === null ? null : Number(r.lessonId),
    workId: r.workId === null ? null : Number(r.workId),
    classId: Number(r.classId),
    subjectId: Number(r.subjectId),
    subgroupId: r.subgroupId === null ? null : Number(r.subgroupId),
    assignmentId: r.assignmentId === null ? null : Number(r.assignmentId),
    lessonRef: r.lessonRef === null ? null : Number(r.lessonRef),
    workKind: r.workKind ?? null,
    maxScore: r.maxScore ?? null,
  }));
}

export interface LogFilter {
  schoolId: number;
  personIds?: number[];
  classId?: number;
  subgroupId?: number;
  subjectId?: number;
  lessonIds?: number[];
  from?: string;
  to?: string;
}

export interface LogRow {
  studentPersonId: number;
  lessonId: number;
  code: 'present' | 'absent' | 'excused' | 'sick' | 'late';
  reason: string | null;
  updatedAt: Date | string;
  classId: number;
  subjectId: number;
  subgroupId: number | null;
  date: string;
  lessonNumber: number;
}

/** Attendance entries (with a code) on lessons matching the filter. One statement. */
export async function logRows(db: Database, f: LogFilter): Promise<LogRow[]> {
  let q = db
    .selectFrom('attendance as a')
    .innerJoin('lessons as l', (j) => j.onRef('l.schoolId', '=', 'a.schoolId').onRef('l.id', '=', 'a.lessonId'))
    .where('a.schoolId', '=', f.schoolId)
    .where('a.code', 'is not', null);
  if (f.personIds) q = q.where('a.studentPersonId', 'in', f.personIds.length ? f.personIds : [0]);
  if (f.lessonIds) q = q.where('a.lessonId', 'in', f.lessonIds.length ? f.lessonIds : [0]);
  if (f.classId !== undefined) q = q.where('l.classId', '=', f.classId);
  if (f.subjectId !== undefined) q = q.where('l.subjectId', '=', f.subjectId);
  if (f.subgroupId !== undefined) q = q.where('l.subgroupId', '=', f.subgroupId);
  if (f.from) q = q.where('l.date', '>=', f.from);
  if (f.to) q = q.where('l.date', '<=', f.to);
  const rows = await q
    .select([
      'a.studentPersonId',
      'a.lessonId',
      'a.code',
      'a.reason',
      'a.updatedAt',
      'l.classId',
      'l.subjectId',
      'l.subgroupId',
      sql<string>`to_char(l.date, 'YYYY-MM-DD')`.as('date'),
      'l.lessonNumber',
    ])
    .orderBy('l.date')
    .orderBy('l.lessonNumber')
    .orderBy('a.studentPersonId')
    .execute();
  return rows.map((r) => ({
    ...r,
    studentPersonId: Number(r.studentPersonId),
    lessonId: Number(r.lessonId),
    classId: Number(r.classId),
    subjectId: Number(r.subjectId),
    subgroupId: r.subgroupId === null ? null : Number(r.subgroupId),
    code: r.code!,
  }));
}

/**
 * For VA's schedules: a pupil's marks and lesson-log entries over [from, to] (lesson dates, `YYYY-MM-DD`) at
 * their school, already in v2 shape. The caller has checked the actor may read the pupil (v2.marks.access.ts
 * `pupilScope`); pass its `keys` as `readable` for a staff reader limited to their own subjects.
 */
export async function marksAndLogForPerson(
  db: Database,
  p: { schoolId: number; personId: number; from: string; to: string; readable?: Set<string> | null },
) {
  const [marks, log] = await Promise.all([
    markRows(db, { schoolId: p.schoolId, personIds: [p.personId], from: p.from, to: p.to }),
    logRows(db, { schoolId: p.schoolId, personIds: [p.personId], from: p.from, to: p.to }),
  ]);
  const ok = (r: { classId: number; subjectId: number; subgroupId: number | null }) =>
    !p.readable || p.readable.has(assignmentKey(r));
  return {
    marks: marks.filter(ok).map(presentMark),
    lessonLogEntries: log.filter(ok).map(presentLogEntry),
  };
}

/** The class × subject × sub-group a lesson, a work or an assignment belongs to. */
export const assignmentKey = (r: { classId: number; subjectId: number; subgroupId: number | null }) =>
  `${r.classId}:${r.subjectId}:${r.subgroupId ?? ''}`;
