import type { AssessmentModeKind } from './enums.js';

/**
 * Curriculum rules shared by the server (warnings, defaults) and the web app (the same hints while editing).
 * They are suggestions and warnings only: what a school stores is data the administrator can change.
 */

/**
 * Weekly load caps (kz-school-rules §2.2): the Typical Curriculum's maximum for grade 1 (19.5 h Kazakh-medium,
 * 20.5 h Russian-medium and others), the state standard's 27 h for primary grades 2–4 and 30.5 h for grades 5–6.
 * No figure is known for the other grades: null (no warning).
 */
export function weeklyCap(grade: number, language: string): number | null {
  if (grade === 1) return language === 'kk' ? 19.5 : 20.5;
  if (grade >= 2 && grade <= 4) return 27;
  if (grade === 5 || grade === 6) return 30.5;
  return null;
}

/** Subjects recorded as зачёт / сынақ with no СОр/СОч (rules No. 125 para. 16): music, PE, arts. */
const PASS_FAIL_CODES = new Set(['music', 'physical_education', 'visual_arts', 'artistic_work']);

export interface AssessmentSuggestion {
  mode: AssessmentModeKind;
  hasTermSummative: boolean;
  periodKind: 'quarter' | 'half_year';
}

/**
 * What a subject's assessment in a grade is unless the school says otherwise (kz-school-rules §1.2, §1.6):
 * - pre-school and grade 1 are not graded;
 * - music, PE and the arts (and digital literacy in primary school) are pass/fail, without a term summative;
 * - a subject taught one hour a week or less is graded per half-year, without a term summative (para. 28);
 * - anything else is graded per quarter with a term summative (СОч).
 */
export function defaultAssessmentMode(input: {
  catalogueCode: string | null;
  grade: number;
  /** The most weekly hours the subject has in this grade over the languages of instruction (null: unknown). */
  hoursPerWeek: number | null;
}): AssessmentSuggestion {
  const periodKind = input.hoursPerWeek !== null && input.hoursPerWeek <= 1 ? 'half_year' : 'quarter';
  if (input.grade <= 1) return { mode: 'ungraded', hasTermSummative: false, periodKind: 'quarter' };
  const code = input.catalogueCode ?? '';
  if (PASS_FAIL_CODES.has(code) || (code === 'digital_literacy' && input.grade <= 4)) {
    return { mode: 'pass_fail', hasTermSummative: false, periodKind };
  }
  return { mode: 'graded', hasTermSummative: periodKind === 'quarter', periodKind };
}
