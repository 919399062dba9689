import {
  type AssessmentPolicy,
  type PassFail,
  passFailResult,
  type Score,
  type TermResult as TermOutcome,
  termResult,
} from '@common/assessment/index.js';
import type { TermGradesTable } from '../../db/tables/journal.js';

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
