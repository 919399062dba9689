/**
 * Types of the assessment engine (kz-school-rules §1). Pure data: no I/O, no clock, no locale.
 * Shared by the server (journal, period closing), the web app (journal, calculator) and the CLI (scripts/grade.ts).
 */

/** A term / half-year / year mark on the 5-point scale (Appendix 1 to rules No. 125). «1» is not used. */
export type Grade = 2 | 3 | 4 | 5;

/**
 * A period result: a grade, `'na'` = «временно не аттестован» / «уақытша аттестатталмаған» (§1.5, a missed
 * summative work not made up by the end of the term), or `null` = no grade (grade 1, exempt, nothing recorded).
 */
export type PeriodGrade = Grade | 'na' | null;

/**
 * How the unit summatives (СОр) are aggregated — the sources disagree (§1.6 table, §9 open questions):
 * - `pooled` (variant A, default): СОр% = Σscore / Σmax;
 * - `mean` (variant B): СОр% = mean of each work's percentage;
 * - `pooled-with-fo` (variant C): ФО points and СОр scores pooled into one component,
 *   (ΣФО + ΣСОр) / (10·nФО + ΣСОр max), weighted ФО weight + СОр weight.
 */
export const SOR_AGGREGATIONS = ['pooled', 'mean', 'pooled-with-fo'] as const;
export type SorAggregation = (typeof SOR_AGGREGATIONS)[number];

/** A summative work's result: `score` points out of `max` (max points come from the work's specification, §1.4). */
export interface Score {
  score: number;
  max: number;
}

/** Component weights as fractions summing to 1. */
export interface Weights {
  fo: number;
  sor: number;
  soch: number;
}

/** An assessment policy: every rule that may change between years or regions (§1.8 design implication). */
export interface AssessmentPolicy {
  /** Stable id, e.g. 'kz-2020'. */
  id: string;
  /** First academic start year it applies to (2020 = 2020–21). */
  fromYear: number;
  /** Last academic start year it applies to, or null = until a newer policy is added. */
  toYear: number | null;
  /** Region code (§5.2) for a regional override, or null = national. */
  regionCode: string | null;
  /** Weights with a term summative (СОч). */
  weights: Weights;
  /** Weights for a period without СОч (1-hour subjects per half-year, cancelled СОч); `soch` is 0. */
  weightsNoSoch: Weights;
  /** The ФО scale: points per formative activity (§1.3). */
  foMin: number;
  foMax: number;
  /** Default СОр aggregation (a school or the calculator may choose another). */
  sorAggregation: SorAggregation;
  /** Lowest rounded percentage for «3», «4», «5» (Appendix 1); below `three` is «2». */
  thresholds: { three: number; four: number; five: number };
  /** Grade levels that are not graded at all (§1.2: grade 1; pre-school 0). */
  ungradedGradeLevels: readonly number[];
  /** Where the rules come from (reference paragraphs). */
  sources: readonly string[];
}

/** One component's share of the result, for explanations ("ФО 100 % × 25 % = 25"). */
export interface Part {
  /** The component's percentage (0..100, full precision). */
  percent: number;
  /** Its effective weight after renormalisation (fraction of 1). */
  weight: number;
  /** percent × weight: what it adds to the period percentage. */
  contribution: number;
}

/**
 * Why a result is what it is:
 * - `graded`: every component due is there; `grade` is final for the period;
 * - `provisional`: the term has a СОч but it is not written yet (the journal's running grade);
 * - `na`: the СОч was missed (not attested);
 * - `exempt`: the pupil is exempt (освобождён, БОС) — no grade;
 * - `ungraded`: the grade level is not graded (grade 1);
 * - `empty`: nothing recorded that counts.
 */
export type ResultStatus = 'graded' | 'provisional' | 'na' | 'exempt' | 'ungraded' | 'empty';

export interface TermInput {
  policy: AssessmentPolicy;
  /** Formative marks 1..10 of the period (§1.3). */
  fo: readonly number[];
  /** Unit summatives (СОр) of the period. */
  sor: readonly Score[];
  /**
   * The term summative (СОч): its score; `null` = not written yet (running result); `'missed'` = missed and
   * not made up → н/а. Ignored when `hasSoch` is false.
   */
  soch: Score | null | 'missed';
  /** Whether the period has a СОч (false: 1-hour subjects graded per half-year, a cancelled СОч). */
  hasSoch: boolean;
  /** Exempt from the subject (освобождён): no grade. */
  exempt?: boolean;
  /** The pupil's grade level (1..12, 0 = pre-school); grade 1 is ungraded. Omitted: graded. */
  gradeLevel?: number;
  /** Overrides the policy's СОр aggregation. */
  variant?: SorAggregation;
}

export interface TermResult {
  /** The period percentage at full precision (never rounded), or null when there is no grade to compute. */
  percent: number | null;
  /** `percent` rounded half-up to an integer: the number the scale is applied to (§1.6 "Rounding"). */
  roundedPercent: number | null;
  grade: PeriodGrade;
  status: ResultStatus;
  /** The aggregation used. */
  variant: SorAggregation;
  /** Components that took part; `foSor` only in variant C (ФО and СОр pooled). Absent components are null. */
  parts: { fo: Part | null; sor: Part | null; soch: Part | null; foSor: Part | null };
}

/** Pass/fail subjects (§1.2, para. 16): зачёт / незачёт. */
export type PassFail = 'pass' | 'fail';
export interface PassFailInput {
  /** Recorded зачёт / незачёт marks in the order they were given. */
  marks: readonly PassFail[];
  exempt?: boolean;
  gradeLevel?: number;
  policy?: AssessmentPolicy;
}
export interface PassFailResult {
  result: PassFail | 'na' | null;
  status: 'graded' | 'na' | 'exempt' | 'ungraded';
}
