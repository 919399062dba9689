import { policyFor } from '@common/assessment/index.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { TermGradesTable } from '../../db/tables/journal.js';
import { startYearOf } from './academic-start-year.js';
import { foList } from './fo-list.js';
import { assessmentModeOf } from './journal.presenter.js';
import { markAggregates } from './mark-aggregates.repository.js';
import { type MarkSet, resultOfMarks } from './marks-result.js';
import type { EngineAssignment, PeriodRef } from './period-assignments.js';

/**
 * The engine applied to a period's stored marks, for many assignments at once (issue 5 §3): what closing a period
 * fixes (term-grades.ts) and what the class teacher's view and the reports show as the running result while the
 * period is open. Set-based: three statements whatever the number of classes and students.
 */

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

/** One school's period and the assignments whose results are wanted. */
export interface TermResultsScope {
  schoolId: number;
  period: PeriodRef;
  assignments: EngineAssignment[];
}

/**
 * Every enrolled student's result per assignment. `atClose`: an unwritten СОч counts as missed («н/а», §1.5) — true
 * when the period closes; false for a running result (the work may still come).
 */
export async function computeTermResults(
  db: Database,
  schoolId: number,
  period: PeriodRef,
  assignments: EngineAssignment[],
  atClose: boolean,
): Promise<TermResultRow[]> {
  return computeTermResultsMany(db, [{ schoolId, period, assignments }], atClose);
}

/**
 * The same for many schools at once (district statistics), still three statements whatever the number of schools,
 * classes and students: each school's period bounds travel as a VALUES list joined on school_id.
 */
export async function computeTermResultsMany(
  db: Database,
  scopes: TermResultsScope[],
  atClose: boolean,
): Promise<TermResultRow[]> {
  const live = scopes.filter((s) => s.assignments.length > 0);
  if (live.length === 0) return [];
  const assignments = live.flatMap((s) => s.assignments);
  const classIds = [...new Set(assignments.map((a) => a.classId))];
  const subgroupIds = [...new Set(assignments.flatMap((a) => (a.subgroupId === null ? [] : [a.subgroupId])))];
  const schoolIds = live.map((s) => s.schoolId);
  // Each school's period as parallel arrays (one parameter each, whatever the number of schools).
  const scope = sql`unnest(${live.map((s) => s.schoolId)}::bigint[], ${live.map((s) => s.period.id)}::bigint[],
    ${live.map((s) => s.period.startsOn)}::date[], ${live.map((s) => s.period.endsOn)}::date[])
    as s(school_id, period_id, starts_on, ends_on)`;
  const [enrolled, members, marks] = await Promise.all([
    sql<{ classId: number; studentPersonId: number }>`
      select e.class_id as "classId", e.student_person_id as "studentPersonId"
        from class_enrollments e
        join ${scope} on s.school_id = e.school_id
       where e.class_id = any(${classIds}::bigint[])
         and e.starts_on <= s.ends_on and (e.ends_on is null or e.ends_on >= s.starts_on)
         and (e.end_reason is null or e.end_reason <> 'data_error')`
      .execute(db)
      .then((r) => r.rows),
    subgroupIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('subgroupMembers')
          .where('schoolId', 'in', schoolIds)
          .where('subgroupId', 'in', subgroupIds)
          .select(['subgroupId', 'studentPersonId'])
          .execute(),
    markAggregates(db, live, assignments),
  ]);

  // Assignment → student → their marks. Numeric keys: a district has tens of thousands of pairs, and a string key
  // per pair was a measurable share of the statistics' time and garbage (issue 6 §3 profile).
  const acc = new Map<number, Map<number, MarkSet>>();
  for (const m of marks) {
    let byStudent = acc.get(m.assignmentId);
    if (!byStudent) {
      byStudent = new Map();
      acc.set(m.assignmentId, byStudent);
    }
    byStudent.set(m.studentPersonId, {
      fo: foList(m.foCount, m.foSum, m.foMin, m.foMax),
      sor: m.sor === null ? [] : m.sor.map(([score, max]) => ({ score, max })),
      soch:
        m.sochScore !== null && m.sochMax !== null
          ? { score: m.sochScore, max: m.sochMax }
          : m.sochMissed
            ? 'missed'
            : null,
      passFail: m.passFail === null ? [] : [m.passFail],
      exempt: m.exempt,
    });
  }

  // Enrolments by class, each student once (a student re-enrolled within the period appears once per assignment).
  const byClass = new Map<number, Set<number>>();
  for (const e of enrolled) {
    const set = byClass.get(e.classId);
    if (set) set.add(e.studentPersonId);
    else byClass.set(e.classId, new Set([e.studentPersonId]));
  }
  const bySubgroup = new Map<number, Set<number>>();
  for (const s of members) {
    const set = bySubgroup.get(s.subgroupId) ?? new Set<number>();
    set.add(s.studentPersonId);
    bySubgroup.set(s.subgroupId, set);
  }
  const noMarks: MarkSet = { fo: [], sor: [], soch: null, passFail: [], exempt: false };
  const rows: TermResultRow[] = [];
  for (const { period, assignments: mine } of live) {
    const policy = policyFor(startYearOf(period.startsOn));
    for (const a of mine) {
      const mode = assessmentModeOf(a);
      const inSubgroup = a.subgroupId === null ? null : (bySubgroup.get(a.subgroupId) ?? new Set<number>());
      const marksOf = acc.get(a.id);
      for (const studentId of byClass.get(a.classId) ?? []) {
        if (inSubgroup && !inSubgroup.has(studentId)) continue;
        const r = resultOfMarks(marksOf?.get(studentId) ?? noMarks, mode, a.grade, policy, atClose);
        rows.push({
          assignmentId: a.id,
          studentPersonId: studentId,
          percent: r.percent,
          grade: r.grade,
          status: r.status,
          policyCode: policy?.id ?? 'none',
        });
      }
    }
  }
  return rows;
}
