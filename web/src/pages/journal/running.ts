import {
  type AssessmentPolicy,
  type PassFail,
  type PassFailResult,
  passFailResult,
  type TermResult,
  termResult,
} from '@common/assessment/index.js';
import type { JournalGrid, Mark, WorkColumn } from '@common/schemas/journal.js';

/** The academic start year of a date: the school year begins on 1 September (2025-10-01 → 2025, 2026-03-01 → 2025). */
export function startYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 8 ? year : year - 1;
}

export type Running =
  | { kind: 'graded'; result: TermResult }
  | { kind: 'passFail'; result: PassFailResult }
  | { kind: 'ungraded' };

/**
 * A student's running period result from the marks now in the grid, by the same engine the server uses when the
 * period closes (common/assessment). A СОч not written yet → provisional; «н/а» on the СОч → not attested.
 */
export function runningResult(
  grid: Pick<JournalGrid, 'assessmentMode' | 'assignment'>,
  policy: AssessmentPolicy | null,
  works: ReadonlyMap<number, WorkColumn>,
  lessonOrder: ReadonlyMap<number, number>,
  marks: readonly Mark[],
): Running {
  try {
    return compute(grid, policy, works, lessonOrder, marks);
  } catch {
    // A value the engine refuses (a score above a lowered maximum): no running grade until it is fixed.
    return { kind: 'ungraded' };
  }
}

function compute(
  grid: Pick<JournalGrid, 'assessmentMode' | 'assignment'>,
  policy: AssessmentPolicy | null,
  works: ReadonlyMap<number, WorkColumn>,
  lessonOrder: ReadonlyMap<number, number>,
  marks: readonly Mark[],
): Running {
  const mode = grid.assessmentMode.mode;
  const exempt = marks.some((m) => m.value === 'exempt');
  if (mode === 'ungraded' || !policy) return { kind: 'ungraded' };
  if (mode === 'pass_fail') {
    const pf = marks
      .filter((m): m is Mark & { value: PassFail } => m.value === 'pass' || m.value === 'fail')
      .sort((a, b) => (lessonOrder.get(a.lessonId ?? 0) ?? 0) - (lessonOrder.get(b.lessonId ?? 0) ?? 0));
    return {
      kind: 'passFail',
      result: passFailResult({ marks: pf.map((m) => m.value), exempt, gradeLevel: grid.assignment.grade, policy }),
    };
  }
  const fo: number[] = [];
  const sor: { score: number; max: number }[] = [];
  let soch: { score: number; max: number } | null | 'missed' = null;
  for (const m of marks) {
    if (m.lessonId !== null) {
      if (typeof m.value === 'number' && m.value >= 1 && m.value <= 10) fo.push(m.value);
      continue;
    }
    const work = works.get(m.workId ?? 0);
    if (!work) continue;
    if (work.kind === 'sor' && typeof m.value === 'number') sor.push({ score: m.value, max: work.maxScore });
    if (work.kind === 'soch') {
      if (typeof m.value === 'number') soch = { score: m.value, max: work.maxScore };
      else if (m.value === 'na') soch = 'missed';
    }
  }
  return {
    kind: 'graded',
    result: termResult({
      policy,
      fo,
      sor,
      soch,
      hasSoch: grid.assessmentMode.hasTermSummative,
      exempt,
      gradeLevel: grid.assignment.grade,
    }),
  };
}
