import {
  AssessmentInputError,
  type Grade,
  type PeriodGrade,
  parseFoList,
  parsePeriodGrades,
  parseScore,
  policyFor,
  type Score,
  type SorAggregation,
  type TermResult,
  termResult,
  yearGrade,
} from '@common/assessment/index.js';
import type { Locale } from '@common/enums.js';

/**
 * The calculator's form state → the engine's input (common/assessment). Parsing lives here so that the page
 * only renders; every number the page shows comes from the same `termResult` the journal and the CLI use.
 */

export type SochMode = 'score' | 'missed' | 'pending';
export interface ScoreText {
  score: string;
  max: string;
}
export interface CalculatorForm {
  year: number;
  gradeLevel: number;
  variant: SorAggregation;
  hasSoch: boolean;
  fo: string;
  sor: ScoreText[];
  sochMode: SochMode;
  soch: ScoreText;
}

/** An error code of AssessmentInputError, shown under the field it belongs to (keys in assessment:calculator.errors). */
export type ErrorCode = AssessmentInputError['code'];
export interface CalculatorOutcome {
  result: TermResult | null;
  errors: { fo?: ErrorCode; sor: Record<number, ErrorCode>; soch?: ErrorCode };
}

function codeOf(error: unknown): ErrorCode {
  return error instanceof AssessmentInputError ? error.code : 'malformed';
}

/** "7,5" and "7.5" both mean seven and a half points. */
const decimal = (text: string) => text.trim().replace(',', '.');

/** A row left completely empty is not a work yet; a half-filled or wrong row is an error. */
function parseRow(row: ScoreText): Score | null {
  if (row.score.trim() === '' && row.max.trim() === '') return null;
  return parseScore(`${decimal(row.score)}/${decimal(row.max)}`);
}

export function calculate(form: CalculatorForm): CalculatorOutcome {
  const errors: CalculatorOutcome['errors'] = { sor: {} };
  const policy = policyFor(form.year);
  if (!policy) return { result: null, errors };
  let fo: number[] = [];
  try {
    fo = parseFoList(form.fo, policy);
  } catch (e) {
    errors.fo = codeOf(e);
  }
  const sor: Score[] = [];
  form.sor.forEach((row, i) => {
    try {
      const s = parseRow(row);
      if (s) sor.push(s);
    } catch (e) {
      errors.sor[i] = codeOf(e);
    }
  });
  let soch: Score | null | 'missed' = null;
  if (form.hasSoch && form.sochMode === 'missed') soch = 'missed';
  if (form.hasSoch && form.sochMode === 'score') {
    try {
      soch = parseRow(form.soch);
    } catch (e) {
      errors.soch = codeOf(e);
    }
  }
  if (errors.fo || errors.soch || Object.keys(errors.sor).length > 0) return { result: null, errors };
  const result = termResult({
    policy,
    fo,
    sor,
    soch,
    hasSoch: form.hasSoch,
    gradeLevel: form.gradeLevel,
    variant: form.variant,
  });
  return { result, errors };
}

/** "5, 4, 4, 5" → the year grade, or an error code; null while the field is empty. */
export function calculateYear(text: string): { grade: PeriodGrade; error?: ErrorCode } | null {
  if (text.trim() === '') return null;
  try {
    const grades: Array<Grade | 'na'> = parsePeriodGrades(text);
    return grades.length === 0 ? null : { grade: yearGrade(grades) };
  } catch (e) {
    return { grade: null, error: codeOf(e) };
  }
}

/** The academic year in progress: September starts a new one (kz-school-rules §2.1). */
export function currentAcademicYear(today: Date): number {
  return today.getMonth() >= 8 ? today.getFullYear() : today.getFullYear() - 1;
}

// Kazakh numbers are written like Russian ones; reduced-ICU browsers lack 'kk' (see lib/format.ts).
const NUMBER_LOCALE: Record<Locale, string> = { kk: 'ru-RU', ru: 'ru-RU', en: 'en-GB' };

/** A percentage with at most 2 decimals (the full precision stays in the engine; only display is shortened). */
export function formatNumber(value: number, locale: Locale): string {
  return new Intl.NumberFormat(NUMBER_LOCALE[locale], { maximumFractionDigits: 2 }).format(value);
}
