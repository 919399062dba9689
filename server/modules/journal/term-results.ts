import {
  type AssessmentPolicy,
  type PassFail,
  passFailResult,
  policyFor,
  type Score,
  type TermResult as TermOutcome,
  termResult,
} from '@common/assessment/index.js';
import type { Database } from '../../db/client.js';
import type { TermGradesTable } from '../../db/tables/journal.js';
import { assessmentModeOf } from './journal.presenter.js';
import { type AssignmentRow, listAssignments } from './journal.repository.js';

/**
 * The engine applied to a period's stored marks, for many assignments at once (issue 5 §3): what closing a period
 * fixes (term-grades.ts) and what the class teacher's view and the reports show as the running result while the
 * period is open. Set-based: three statements whatever the number of classes and students.
 */

/** The academic start year of a date (the year begins on 1 September; same rule as the web's running grade). */
export function startYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 8 ? year : year - 1;
}

interface Acc {
  fo: number[];
  sor: Score[];
  soch: Score | 'missed' | null;
  passFail: { order: string; value: PassFail }[];
  exempt: boolean;
}

export interface PeriodRef {
  id: number;
  yearId: number;
  kind: string;
  startsOn: string;
  endsOn: string;
}

/** One student's result in one assignment for the period (the shape of a term_grades row). */
export interface TermResultRow {
  assignmentId: number;
  studentPersonId: number;
  percent: number | null;
  grade: TermGradesTable['grade'];
  /** The engine's status ('graded', 'na', 'exempt', 'ungraded', 'empty'…) or 'invalid' (a score above a lowered max). */
  status: string;
  policyCode: string;
}

/** One student's marks in one subject for a period, as the engine takes them. */
export interface MarkSet {
  fo: number[];
  sor: Score[];
  soch: Score | 'missed' | null;
  /** зачёт / незачёт in date order. */
  passFail: PassFail[];
  exempt: boolean;
}

export interface MarksResult {
  percent: number | null;
  grade: TermGradesTable['grade'];
  status: string;
  /** The component percentages (graded subjects whose marks the engine accepted). */
  parts: TermOutcome['parts'] | null;
}

/**
 * The engine over one student's marks — the one place that decides what a period result is, for the closing, the
 * class view, the reports and the diary. `atClose` false (a running result): an unwritten СОч may still come, and a
 * pass/fail subject without any mark has nothing yet (the engine's «н/а» is right only at the close).
 */
export function resultOfMarks(
  x: MarkSet,
  mode: { mode: 'graded' | 'pass_fail' | 'ungraded'; hasTermSummative: boolean },
  gradeLevel: number,
  policy: AssessmentPolicy | null,
  atClose: boolean,
): MarksResult {
  if (mode.mode === 'ungraded' || !policy) {
    return { percent: null, grade: null, status: x.exempt ? 'exempt' : 'ungraded', parts: null };
  }
  if (mode.mode === 'pass_fail') {
    const r = passFailResult({ marks: x.passFail, exempt: x.exempt, gradeLevel, policy });
    if (!atClose && r.status === 'na') return { percent: null, grade: null, status: 'empty', parts: null };
    return { percent: null, grade: r.result, status: r.status, parts: null };
  }
  // At the close an unwritten СОч is missed: «н/а» (§1.5); while the period runs it may still come.
  const soch = atClose && mode.hasTermSummative && x.soch === null ? 'missed' : x.soch;
  try {
    const r = termResult({
      policy,
      fo: x.fo,
      sor: x.sor,
      soch,
      hasSoch: mode.hasTermSummative,
      exempt: x.exempt,
      gradeLevel,
    });
    return {
      percent: r.percent,
      grade: r.grade === null ? null : (String(r.grade) as TermGradesTable['grade']),
      status: r.status,
      parts: r.parts,
    };
  } catch {
    // A score the engine refuses (above a lowered maximum): no grade until the marks are fixed.
    return { percent: null, grade: null, status: 'invalid', parts: null };
  }
}

export async function findPeriod(db: Database, schoolId: number, periodId: number): Promise<PeriodRef> {
  return db
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('id', '=', periodId)
    .select(['id', 'yearId', 'kind', 'startsOn', 'endsOn'])
    .executeTakeFirstOrThrow();
}

/**
 * The assignments graded per this period's kind (a half-year subject has no quarter result), optionally of one class
 * or of some classes.
 */
export async function periodAssignments(
  db: Database,
  schoolId: number,
  period: PeriodRef,
  classIds: number[] | null,
): Promise<AssignmentRow[]> {
  const all = await listAssignments(db, schoolId, 0, {
    all: true,
    ...(classIds !== null && classIds.length === 1 ? { classId: classIds[0]! } : {}),
  });
  return all.filter(
    (a) =>
      a.yearId === period.yearId &&
      assessmentModeOf(a).periodKind === period.kind &&
      (classIds === null || classIds.includes(a.classId)),
  );
}

/**
 * Every enrolled student's result per assignment. `atClose`: an unwritten СОч counts as missed («н/а», §1.5) — true
 * when the period closes; false for a running result (the work may still come).
 */
export async function computeTermResults(
  db: Database,
  schoolId: number,
  period: PeriodRef,
  assignments: AssignmentRow[],
  atClose: boolean,
): Promise<TermResultRow[]> {
  if (assignments.length === 0) return [];
  const periodId = period.id;
  const classIds = [...new Set(assignments.map((a) => a.classId))];
  const subgroupIds = [...new Set(assignments.flatMap((a) => (a.subgroupId === null ? [] : [a.subgroupId])))];
  const [enrolled, members, marks] = await Promise.all([
    db
      .selectFrom('classEnrollments')
      .where('schoolId', '=', schoolId)
      .where('classId', 'in', classIds)
      .where('startsOn', '<=', period.endsOn)
      .where((w) => w.or([w('endsOn', 'is', null), w('endsOn', '>=', period.startsOn)]))
      .where((w) => w.or([w('endReason', 'is', null), w('endReason', '!=', 'data_error')]))
      .select(['classId', 'studentPersonId'])
      .execute(),
    subgroupIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('subgroupMembers')
          .where('schoolId', '=', schoolId)
          .where('subgroupId', 'in', subgroupIds)
          .select(['subgroupId', 'studentPersonId'])
          .execute(),
    // Every live mark of the period in one statement: ФО of its lessons and scores of its works.
    db
      .selectFrom('marks as m')
      .leftJoin('lessons as l', (j) => j.onRef('l.schoolId', '=', 'm.schoolId').onRef('l.id', '=', 'm.lessonId'))
      .leftJoin('assessmentWorks as w', (j) => j.onRef('w.schoolId', '=', 'm.schoolId').onRef('w.id', '=', 'm.workId'))
      .where('m.schoolId', '=', schoolId)
      .where('m.deletedAt', 'is', null)
      .where((w) =>
        w.or([
          w.and([w('l.classId', 'in', classIds), w('l.date', '>=', period.startsOn), w('l.date', '<=', period.endsOn)]),
          w.and([
            w('w.periodId', '=', periodId),
            w('w.deletedAt', 'is', null),
            w(
              'w.assignmentId',
              'in',
              assignments.map((a) => a.id),
            ),
          ]),
        ]),
      )
      .select([
        'm.studentPersonId',
        'm.kind',
        'm.value',
        'm.score',
        'm.status',
        'l.classId',
        'l.subjectId',
        'l.subgroupId',
        'l.date',
        'l.lessonNumber',
        'w.assignmentId',
        'w.kind as workKind',
        'w.maxScore',
      ])
      .execute(),
  ]);

  // A lesson belongs to the assignment of its class × subject × sub-group.
  const byLessonKey = new Map<string, AssignmentRow>();
  for (const a of assignments) byLessonKey.set(`${a.classId}:${a.subjectId}:${a.subgroupId ?? ''}`, a);
  const byId = new Map(assignments.map((a) => [a.id, a]));
  const acc = new Map<string, Acc>();
  const accOf = (assignmentId: number, studentId: number) => {
    const key = `${assignmentId}:${studentId}`;
    let x = acc.get(key);
    if (!x) {
      x = { fo: [], sor: [], soch: null, passFail: [], exempt: false };
      acc.set(key, x);
    }
    return x;
  };
  for (const m of marks) {
    const a =
      m.assignmentId !== null
        ? byId.get(m.assignmentId)
        : byLessonKey.get(`${m.classId}:${m.subjectId}:${m.subgroupId ?? ''}`);
    if (!a) continue;
    const x = accOf(a.id, m.studentPersonId);
    if (m.status === 'exempt') x.exempt = true;
    if (m.assignmentId === null) {
      if (m.kind === 'fo' && m.value !== null) x.fo.push(m.value);
      if (m.status === 'pass' || m.status === 'fail')
        x.passFail.push({ order: `${m.date}:${String(m.lessonNumber).padStart(2, '0')}`, value: m.status });
      continue;
    }
    if (m.kind === 'score' && m.score !== null && m.maxScore !== null) {
      const s = { score: Number(m.score), max: m.maxScore };
      if (m.workKind === 'sor') x.sor.push(s);
      else x.soch = s;
    } else if (m.workKind === 'soch' && m.status === 'na' && x.soch === null) x.soch = 'missed';
  }

  const policy = policyFor(startYearOf(period.startsOn));
  const rows: TermResultRow[] = [];
  const seen = new Set<string>();
  for (const a of assignments) {
    const inSubgroup = new Set(members.filter((s) => s.subgroupId === a.subgroupId).map((s) => s.studentPersonId));
    for (const e of enrolled) {
      if (e.classId !== a.classId || (a.subgroupId !== null && !inSubgroup.has(e.studentPersonId))) continue;
      const key = `${a.id}:${e.studentPersonId}`;
      if (seen.has(key)) continue; // re-enrolled within the period
      seen.add(key);
      const x = acc.get(key) ?? { fo: [], sor: [], soch: null, passFail: [], exempt: false };
      const r = resultOfMarks(
        { ...x, passFail: x.passFail.sort((p, q) => p.order.localeCompare(q.order)).map((p) => p.value) },
        assessmentModeOf(a),
        a.grade,
        policy,
        atClose,
      );
      rows.push({
        assignmentId: a.id,
        studentPersonId: e.studentPersonId,
        percent: r.percent,
        grade: r.grade,
        status: r.status,
        policyCode: policy?.id ?? 'none',
      });
    }
  }
  return rows;
}
