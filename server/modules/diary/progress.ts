import type { AssessmentPolicy, PassFail, Score } from '@common/assessment/index.js';
import type { DiarySubject } from '@common/schemas/diary.js';
import { resultOfMarks } from '../journal/marks-result.js';

/**
 * The progress picture of one subject in one period (issue 7 §1): after each day that brought a mark, the running
 * percent and grade the engine gives for the marks up to that day. Computed from the marks the marks-by-subject
 * view already read, so the picture costs no statement; the engine (not a local formula) keeps every point equal
 * to what the class view would have shown that evening.
 */

type LessonMark = { date: string; kind: string; value: number | null; status: string | null };
type WorkMark = { date: string; kind: string; score: number | null; maxScore: number; status: string | null };

export function progressOf(
  marks: LessonMark[],
  works: WorkMark[],
  mode: { mode: 'graded' | 'pass_fail' | 'ungraded'; hasTermSummative: boolean },
  gradeLevel: number,
  policy: AssessmentPolicy | null,
): DiarySubject['progress'] {
  // Pass/fail and ungraded subjects have no percent to draw.
  if (mode.mode !== 'graded' || !policy) return [];
  const days = [
    ...new Set([
      ...marks.filter((m) => m.value !== null).map((m) => m.date),
      ...works.filter((w) => w.score !== null).map((w) => w.date),
    ]),
  ].sort();
  const points: DiarySubject['progress'] = [];
  for (const day of days) {
    const fo: number[] = [];
    const sor: Score[] = [];
    const passFail: PassFail[] = [];
    let soch: Score | null = null;
    let exempt = false;
    for (const m of marks) {
      if (m.date > day) continue;
      if (m.status === 'exempt') exempt = true;
      if (m.kind === 'fo' && m.value !== null) fo.push(m.value);
    }
    for (const w of works) {
      if (w.date > day) continue;
      if (w.status === 'exempt') exempt = true;
      if (w.score === null) continue;
      if (w.kind === 'sor') sor.push({ score: w.score, max: w.maxScore });
      else soch = { score: w.score, max: w.maxScore };
    }
    // Running (atClose = false): a СОч not written by that day is still to come, as it was on the day.
    const r = resultOfMarks({ fo, sor, soch, passFail, exempt }, mode, gradeLevel, policy, false);
    if (r.percent !== null) points.push({ date: day, percent: r.percent, grade: r.grade as DiarySubject['grade'] });
  }
  return points;
}

/** The scale's lower bounds for the chart's guide lines; null when the subject is not graded by percent. */
export function thresholdsOf(
  mode: { mode: 'graded' | 'pass_fail' | 'ungraded' },
  policy: AssessmentPolicy | null,
): DiarySubject['thresholds'] {
  if (mode.mode !== 'graded' || !policy) return null;
  return { 3: policy.thresholds.three, 4: policy.thresholds.four, 5: policy.thresholds.five };
}
