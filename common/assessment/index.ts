/**
 * The assessment engine: Kazakhstan's criteria-based assessment (kz-school-rules §1, docs/assessment.md).
 * Pure functions, no I/O — the same code runs in the journal (server and web), the calculator page and the CLI.
 *
 * - `policyFor(startYear, regionCode?)`: the rules of an academic year (2025 = 2025–26), or null.
 * - `termResult({policy, fo, sor, soch, hasSoch, exempt?, gradeLevel?, variant?})`: a term / half-year
 *   percentage (full precision), its one half-up rounding and the grade 2..5 | 'na' | null, with the parts.
 * - `yearGrade(periodGrades)`: half-up mean of the period grades.
 * - `passFailResult({marks})`: зачёт / незачёт subjects.
 */
export { passFailResult, termResult } from './compute.js';
export { parseFoList, parsePeriodGrades, parseScore, parseScoreList } from './parse.js';
export { FIRST_POLICY_YEAR, KZ_2016, KZ_2020, POLICIES, parseAcademicYear, policyFor } from './policy.js';
export { type SochNeeded, type SochNeededInput, sochNeeded } from './projection.js';
export { gradeFromPercent, roundHalfUp, scale } from './rounding.js';
export type {
  AssessmentPolicy,
  Grade,
  Part,
  PassFail,
  PassFailInput,
  PassFailResult,
  PeriodGrade,
  ResultStatus,
  Score,
  SorAggregation,
  TermInput,
  TermResult,
  Weights,
} from './types.js';
export { SOR_AGGREGATIONS } from './types.js';
export { AssessmentInputError, checkFo, checkScore } from './validate.js';
export { yearGrade } from './year.js';
