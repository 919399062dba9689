import type { ClassViewAttendance, ClassViewCell, FullDayCode, RiskReason } from '@common/schemas/class-view.js';

/**
 * Who the class teacher should look at first (issue 5 §5: "a running «2» or many absences"). Pure rules, so the
 * overview, the tests and (later) the reports agree on them.
 *
 * - failing: a «2» in any subject — the running result while the period is open, the fixed term grade once it is
 *   closed (§1.6: below 40 %).
 * - na_risk: «н/а» in a subject with a term summative — the СОч was marked missed (or, at the close, never
 *   written): the pupil is not attested unless it is sat on an individual schedule before the term ends (§1.5).
 * - absences: missed at least AT_RISK_MISSED_PERCENT of the lessons held so far in the period (once there are
 *   AT_RISK_MIN_LESSONS of them), or at least
 *   AT_RISK_UNEXCUSED_FULL_DAYS whole days without a valid reason.
 */

/**
 * 30 %: no rule in kz-school-rules sets a figure [unverified]. It is the share schools commonly treat as "too
 * little of the term attended to attest fairly" (a third of the lessons gone leaves too few ФО and СОр for a
 * reliable term result), and it keeps one ill week in a nine-week quarter (≈ 11 %) off the list.
 */
export const AT_RISK_MISSED_PERCENT = 30;
/**
 * 3 unexcused full days: a pupil absent whole days without a reason is a safeguarding matter, not only an
 * academic one; three in a term is the point where the class teacher is expected to contact the family
 * [unverified, school practice]. One or two are often a late note from home, so they stay off the list.
 */
export const AT_RISK_UNEXCUSED_FULL_DAYS = 3;
/**
 * The share of missed lessons says nothing early in a term (one missed lesson of two is 50 %): it counts from
 * AT_RISK_MIN_LESSONS lessons held, about two weeks of a subject-rich timetable.
 */
export const AT_RISK_MIN_LESSONS = 10;

/**
 * The code a full-day absence (§3: every lesson of the day missed) is counted under. Illness only when every
 * lesson was б (Kundelik reports "of which illness" separately); any н makes the day unexcused, since part of it
 * was missed without a reason; otherwise (п only, or п and б mixed) it is excused.
 */
export function fullDayCode(day: { allSick: boolean; anyUnexcused: boolean }): FullDayCode {
  if (day.allSick) return 'sick';
  return day.anyUnexcused ? 'absent' : 'excused';
}

const NUMERIC = new Set(['2', '3', '4', '5']);

/** The mean of the pupil's numeric grades («2»–«5»); н/а, зачёт and empty results do not count. */
export function averageGrade(cells: Pick<ClassViewCell, 'grade'>[]): number | null {
  const grades = cells.flatMap((c) => (c.grade !== null && NUMERIC.has(c.grade) ? [Number(c.grade)] : []));
  if (grades.length === 0) return null;
  return Math.round((grades.reduce((s, g) => s + g, 0) / grades.length) * 100) / 100;
}

export function missedPercent(a: { lessons: number; missed: number }): number | null {
  return a.lessons === 0 ? null : (a.missed * 100) / a.lessons;
}

/** The pupil's reasons to be at risk, in a fixed order (failing, na_risk, absences); empty: not at risk. */
export function risksOf(
  cells: Pick<ClassViewCell, 'assignmentId' | 'grade'>[],
  hasTermSummative: (assignmentId: number) => boolean,
  attendance: ClassViewAttendance,
): RiskReason[] {
  const risks: RiskReason[] = [];
  const failing = cells.filter((c) => c.grade === '2').map((c) => c.assignmentId);
  if (failing.length > 0) risks.push({ kind: 'failing', assignmentIds: failing });
  const na = cells.filter((c) => c.grade === 'na' && hasTermSummative(c.assignmentId)).map((c) => c.assignmentId);
  if (na.length > 0) risks.push({ kind: 'na_risk', assignmentIds: na });
  const pct = attendance.missedPercent;
  const manyMissed = pct !== null && attendance.lessons >= AT_RISK_MIN_LESSONS && pct >= AT_RISK_MISSED_PERCENT;
  if (manyMissed || attendance.fullDaysUnexcused >= AT_RISK_UNEXCUSED_FULL_DAYS) {
    risks.push({ kind: 'absences', missedPercent: pct, fullDaysUnexcused: attendance.fullDaysUnexcused });
  }
  return risks;
}
