import type { AssessmentPolicy, Score } from './types.js';

/** Bad engine input (a ФО of 11, a score of 12/10, a max of 0). `code` is stable for callers to translate. */
export class AssessmentInputError extends Error {
  constructor(
    readonly code:
      | 'fo_out_of_range'
      | 'score_invalid'
      | 'max_invalid'
      | 'grade_invalid'
      | 'grade_level_invalid'
      | 'malformed',
    message: string,
  ) {
    super(message);
    this.name = 'AssessmentInputError';
  }
}

/** ФО marks are whole points within the policy's scale (§1.3: 1..10; calculators reject < 1 or > 10). */
export function checkFo(marks: readonly number[], policy: AssessmentPolicy): void {
  for (const mark of marks) {
    if (!Number.isInteger(mark) || mark < policy.foMin || mark > policy.foMax) {
      throw new AssessmentInputError(
        'fo_out_of_range',
        `A formative mark must be a whole number from ${policy.foMin} to ${policy.foMax}: ${mark}`,
      );
    }
  }
}

/** A score is 0..max (half points allowed) and the maximum is positive (§1.4: max comes from the specification). */
export function checkScore(s: Score): void {
  if (!Number.isFinite(s.max) || s.max <= 0) {
    throw new AssessmentInputError('max_invalid', `A work's maximum must be a positive number: ${s.score}/${s.max}`);
  }
  if (!Number.isFinite(s.score) || s.score < 0 || s.score > s.max) {
    throw new AssessmentInputError('score_invalid', `A score must be from 0 to its maximum: ${s.score}/${s.max}`);
  }
}
