import { type Grade, type PeriodGrade, passFailResult, policyFor, yearGrade } from '@common/assessment/index.js';
import type { Insertable } from 'kysely';
import type { Database } from '../../db/client.js';
import type { YearGradesTable } from '../../db/tables/topic-plans-year-grades.js';
import { startYearOf } from './academic-start-year.js';
import { assessmentModeOf } from './journal.presenter.js';
import { listAssignments } from './journal.repository.js';
import { releasedByReopen } from './term-grades.js';

/**
 * Year grades (kz-school-rules §1.7, issue 5 §3–4), fixed in the transaction of the close that leaves every period
 * of the assignment's kind (quarters, or half-years for 1-hour subjects) closed for its class: computed by the
 * engine's `yearGrade` from the FIXED term grades, never from marks or percentages. Like term grades they are
 * never edited — a reopen of any of those periods releases them, closing again recomputes.
 *
 * Decisions the rules leave open (docs/assessment.md):
 * - who gets one: the students with a fixed grade in the year's last period (enrolled at the year's end); a pupil
 *   who left the class earlier gets none here;
 * - a period without a fixed grade for the pupil (joined later) is left out, as the engine leaves out null periods;
 * - exempt in every period → status 'exempt', no grade; a period the engine could not grade ('invalid') → no
 *   year grade until it is fixed;
 * - pass/fail subjects: any н/а period → н/а (the yearGrade rule); otherwise the engine's passFailResult over the
 *   period results in order (the latest stands, as for the marks of a period).
 */

export interface YearCounts {
  assignments: number;
  students: number;
  na: number;
  exempt: number;
}

type Stored = YearGradesTable['grade'];
interface TermRow {
  grade: Stored;
  status: string;
}

/** One pupil's year result from their fixed period results (in period order). */
export function yearResultOf(
  mode: 'graded' | 'pass_fail' | 'ungraded',
  terms: readonly TermRow[],
  gradeLevel: number,
  startYear: number,
): { grade: Stored; status: string } {
  if (terms.length > 0 && terms.every((t) => t.status === 'exempt')) return { grade: null, status: 'exempt' };
  if (mode === 'ungraded' || terms.every((t) => t.status === 'ungraded')) return { grade: null, status: 'ungraded' };
  if (terms.some((t) => t.status === 'invalid')) return { grade: null, status: 'invalid' };
  if (mode === 'pass_fail') {
    if (terms.some((t) => t.grade === 'na')) return { grade: 'na', status: 'na' };
    const marks = terms.flatMap((t) => (t.grade === 'pass' || t.grade === 'fail' ? [t.grade] : []));
    if (marks.length === 0) return { grade: null, status: 'empty' };
    const policy = policyFor(startYear) ?? undefined;
    const r = passFailResult({ marks, gradeLevel, ...(policy ? { policy } : {}) });
    return { grade: r.result, status: r.status };
  }
  const grades: PeriodGrade[] = terms.map((t) =>
    t.grade === 'na' ? 'na' : t.grade !== null && /^[2-5]$/.test(t.grade) ? (Number(t.grade) as Grade) : null,
  );
  if (grades.length === 0) return { grade: null, status: 'empty' };
  const g = yearGrade(grades);
  if (g === 'na') return { grade: 'na', status: 'na' };
  if (g === null) return { grade: null, status: 'empty' };
  return { grade: String(g) as Stored, status: 'graded' };
}

/**
 * After a close: fixes the year grades of every assignment of the closed scope whose periods of the closed
 * period's kind are now all closed for its class (a school-wide closure counts for every class). Set-based: a
 * fixed handful of statements whatever the number of classes and students.
 */
export async function fixYearGrades(
  trx: Database,
  schoolId: number,
  periodId: number,
  classId: number | null,
  actorPersonId: number,
  at: Date,
): Promise<YearCounts> {
  const counts: YearCounts = { assignments: 0, students: 0, na: 0, exempt: 0 };
  const period = await trx
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('id', '=', periodId)
    .select(['yearId', 'kind'])
    .executeTakeFirstOrThrow();
  const [periods, assignmentRows] = await Promise.all([
    trx
      .selectFrom('academicPeriods')
      .where('schoolId', '=', schoolId)
      .where('yearId', '=', period.yearId)
      .where('kind', '=', period.kind)
      .select(['id', 'startsOn'])
      .orderBy('startsOn')
      .execute(),
    listAssignments(trx, schoolId, actorPersonId, { all: true, ...(classId === null ? {} : { classId }) }),
  ]);
  const assignments = assignmentRows.filter(
    (a) => a.yearId === period.yearId && assessmentModeOf(a).periodKind === period.kind,
  );
  if (assignments.length === 0 || periods.length === 0) return counts;
  const periodIds = periods.map((p) => p.id);
  const closures = await trx
    .selectFrom('periodClosures')
    .where('schoolId', '=', schoolId)
    .where('periodId', 'in', periodIds)
    .where('reopenedAt', 'is', null)
    .select(['periodId', 'classId'])
    .execute();
  const closedFor = (pid: number, cid: number) =>
    closures.some((c) => c.periodId === pid && (c.classId === null || c.classId === cid));
  const complete = assignments.filter((a) => periodIds.every((pid) => closedFor(pid, a.classId)));
  if (complete.length === 0) return counts;
  const ids = complete.map((a) => a.id);

  const terms = await trx
    .selectFrom('termGrades')
    .where('schoolId', '=', schoolId)
    .where('assignmentId', 'in', ids)
    .where('periodId', 'in', periodIds)
    .select(['assignmentId', 'periodId', 'studentPersonId', 'grade', 'status'])
    .execute();
  const order = new Map(periodIds.map((id, i) => [id, i]));
  const lastPeriod = periodIds[periodIds.length - 1]!;
  const byPupil = new Map<string, Array<TermRow & { at: number }>>();
  for (const r of terms) {
    const key = `${r.assignmentId}:${r.studentPersonId}`;
    const list = byPupil.get(key) ?? [];
    list.push({ grade: r.grade, status: r.status, at: order.get(r.periodId)! });
    byPupil.set(key, list);
  }
  const startYear = startYearOf(periods[0]!.startsOn);
  const rows: Insertable<YearGradesTable>[] = [];
  for (const a of complete) {
    counts.assignments += 1;
    const mode = assessmentModeOf(a).mode;
    for (const r of terms) {
      if (r.assignmentId !== a.id || r.periodId !== lastPeriod) continue;
      const list = byPupil.get(`${a.id}:${r.studentPersonId}`)!.sort((p, q) => p.at - q.at);
      const result = yearResultOf(mode, list, a.grade, startYear);
      if (result.grade === 'na') counts.na += 1;
      if (result.status === 'exempt') counts.exempt += 1;
      rows.push({
        schoolId,
        yearId: period.yearId,
        assignmentId: a.id,
        studentPersonId: r.studentPersonId,
        periodKind: period.kind,
        grade: result.grade,
        status: result.status,
        computedAt: at,
        computedBy: actorPersonId,
      });
    }
  }
  counts.students = rows.length;
  // Recomputed as a whole: a pupil who no longer qualifies loses the stale row.
  await trx.deleteFrom('yearGrades').where('schoolId', '=', schoolId).where('assignmentId', 'in', ids).execute();
  if (rows.length > 0) await trx.insertInto('yearGrades').values(rows).execute();
  return counts;
}

/**
 * After a reopen: the year grades built on the reopened period (its year and kind) are released for the
 * reopened scope — except where the period stays closed by another closure (the school, or the class itself).
 */
export async function releaseYearGrades(trx: Database, schoolId: number, periodId: number, classId: number | null) {
  const period = await trx
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('id', '=', periodId)
    .select(['yearId', 'kind'])
    .executeTakeFirstOrThrow();
  const r = await trx
    .deleteFrom('yearGrades as yg')
    .where('yg.schoolId', '=', schoolId)
    .where('yg.yearId', '=', period.yearId)
    .where('yg.periodKind', '=', period.kind)
    .where(releasedByReopen('yg', periodId, classId))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
