import { roundHalfUp } from './rounding.js';
import type { Grade, PeriodGrade } from './types.js';
import { AssessmentInputError } from './validate.js';

/**
 * Year grade (kz-school-rules §1.7): the arithmetic mean of the term grades — or of the half-year grades for
 * 1-hour subjects — rounded to the nearest integer, x.5 up (3.5 → 4). Computed from the period GRADES (2..5),
 * never from percentages. It is also the final grade for the year.
 *
 * With period results that are not grades (decision, [unverified] — the rules do not say):
 * - any 'na' period → 'na': the pupil is not attested for the year until the н/а is cleared (§1.5 make-up);
 * - null periods (exempt, ungraded) are left out of the mean; all null (or none) → null.
 * Called with grades only, it returns a grade (and refuses an empty list).
 */
export function yearGrade(grades: readonly Grade[]): Grade;
export function yearGrade(grades: readonly PeriodGrade[]): PeriodGrade;
export function yearGrade(grades: readonly PeriodGrade[]): PeriodGrade {
  for (const g of grades) {
    if (g !== null && g !== 'na' && !(Number.isInteger(g) && g >= 2 && g <= 5)) {
      throw new AssessmentInputError('grade_invalid', `A period grade must be 2, 3, 4 or 5: ${String(g)}`);
    }
  }
  if (grades.includes('na')) return 'na';
  const counted = grades.filter((g): g is Grade => g !== null && g !== 'na');
  if (counted.length === 0) {
    if (grades.length === 0) throw new AssessmentInputError('grade_invalid', 'A year grade needs period grades');
    return null;
  }
  const mean = counted.reduce((a, b) => a + b, 0) / counted.length;
  return roundHalfUp(mean) as Grade;
}
