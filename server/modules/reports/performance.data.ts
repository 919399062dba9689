import type { Database } from '../../db/client.js';
import { assessmentModeOf } from '../journal/journal.presenter.js';
import type { AssignmentRow } from '../journal/journal.repository.js';
import { periodAssignments } from '../journal/period-assignments.js';
import { computeTermResults } from '../journal/term-results.js';
import type { FinalGrade } from './formulas.js';
import { closedClasses, fixedTermGrades, pupilsDuring, type ReportPeriod } from './reports.repository.js';

/**
 * The period's final grades of some classes, the input of every performance figure: for a class whose period is
 * closed, the term grades fixed at the close (term_grades); for an open one, the engine's running result over the
 * marks so far (computeTermResults, atClose = false) — the report then says "running".
 */
export interface ClassGrades {
  classId: number;
  running: boolean;
  /** Pupils enrolled on the reference date (the period's end; while it runs, today within the period). */
  pupils: { id: number; name: string }[];
  assignments: ReportAssignment[];
  /** `${assignmentId}:${studentId}` → the final grade. */
  grades: Map<string, FinalGrade>;
}

/** What the presenter reads of an assignment (the school report passes listAssignments rows, statistics less). */
export type ReportAssignment = Pick<AssignmentRow, 'id' | 'classId' | 'subjectId' | 'nameKk' | 'nameRu' | 'nameEn'>;

export function finalGradeOf(r: { grade: string | null; status: string }): FinalGrade {
  if (r.status === 'exempt') return 'exempt';
  if (r.grade === null) return 'none';
  return r.grade as FinalGrade;
}

/**
 * Kazakh alphabetical order. One collator for every comparison: `localeCompare(…, 'kk')` builds one per call,
 * which made sorting a school's 800 pupils a measurable part of the report (issue 6 §3 profile).
 */
export const byKazakh = new Intl.Collator('kk');

/** The date pupils are counted on (§4.1: enrolled at the end of the period). */
export function referenceDate(period: ReportPeriod, running: boolean, today: string) {
  if (!running) return period.endsOn;
  // ISO dates sort as strings: today clamped into [startsOn, endsOn].
  return [period.startsOn, today, period.endsOn].sort()[1]!;
}

export async function periodGrades(
  db: Database,
  schoolId: number,
  period: ReportPeriod,
  classIds: number[],
  today: string,
): Promise<ClassGrades[]> {
  if (classIds.length === 0) return [];
  // Ungraded subjects (grade 1, a subject set ungraded) have nothing to count.
  const assignments = (await periodAssignments(db, schoolId, period, classIds)).filter(
    (a) => assessmentModeOf(a).mode !== 'ungraded',
  );
  const closed = await closedClasses(db, schoolId, period.id);
  const isClosed = (classId: number) => closed.school || closed.classIds.has(classId);
  const fixed = assignments.filter((a) => isClosed(a.classId));
  const open = assignments.filter((a) => !isClosed(a.classId));
  const [fixedRows, runningRows] = await Promise.all([
    fixedTermGrades(
      db,
      schoolId,
      period.id,
      fixed.map((a) => a.id),
    ),
    computeTermResults(db, schoolId, period, open, false),
  ]);
  const grades = new Map<string, FinalGrade>();
  for (const r of fixedRows) grades.set(`${r.assignmentId}:${r.studentPersonId}`, finalGradeOf(r));
  // Running results: a pass/fail subject without a mark yet is 'empty' there (term-results resultOfMarks), not н/а.
  for (const r of runningRows) grades.set(`${r.assignmentId}:${r.studentPersonId}`, finalGradeOf(r));

  // Pupils on each class's reference date: closed classes on the period's end, running ones on today.
  const byDate = new Map<string, number[]>();
  for (const id of classIds) {
    const d = referenceDate(period, !isClosed(id), today);
    byDate.set(d, [...(byDate.get(d) ?? []), id]);
  }
  const pupilRows = (await Promise.all([...byDate].map(([d, ids]) => pupilsDuring(db, schoolId, ids, d, d)))).flat();

  return classIds.map((classId) => {
    const seen = new Set<number>();
    const pupils = pupilRows
      .filter((p) => p.classId === classId && !seen.has(p.id) && seen.add(p.id))
      .map((p) => ({ id: p.id, name: `${p.surname} ${p.firstName}` }))
      .sort((a, b) => byKazakh.compare(a.name, b.name));
    return {
      classId,
      running: !isClosed(classId),
      pupils,
      assignments: assignments.filter((a) => a.classId === classId),
      grades,
    };
  });
}
