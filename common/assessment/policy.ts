import type { AssessmentPolicy } from './types.js';

/**
 * Assessment policies, versioned by academic start year (and optionally region) so that historical terms
 * recompute with the rules of their own year (kz-school-rules §1.6 "Before 2020–21", §1.8).
 *
 * Thresholds 40 / 65 / 85 are Appendix 1 to rules No. 125 (§1.6 scale table; "Use 40", not the 41 or 45 some
 * calculators use). ФО is 1..10 points (§1.3). Grade 1 (and pre-school) is not graded (§1.2, para. 7).
 */

const THRESHOLDS = { three: 40, four: 65, five: 85 } as const;
const UNGRADED = [0, 1] as const;

/**
 * 2016–17 … 2019–20: criteria-based assessment rolled out (§1.8, 2016 →). Term grade = СОр 50 % + СОч 50 %,
 * formative assessment not counted (§1.6 "Before 2020–21"). Without a СОч only the СОр remain (100 %): the
 * sources do not say so explicitly — it is the same renormalisation as the current policy's 50/50 [inference].
 */
export const KZ_2016: AssessmentPolicy = {
  id: 'kz-2016',
  fromYear: 2016,
  toYear: 2019,
  regionCode: null,
  weights: { fo: 0, sor: 0.5, soch: 0.5 },
  weightsNoSoch: { fo: 0, sor: 1, soch: 0 },
  foMin: 1,
  foMax: 10,
  sorAggregation: 'pooled',
  thresholds: THRESHOLDS,
  ungradedGradeLevels: UNGRADED,
  sources: ['kz-school-rules §1.6 (before 2020–21: СОр 50 % + СОч 50 %, ФО not counted)', '§1.8 timeline'],
};

/**
 * Since 1 Sep 2020 (2020–21): ФО 25 % + СОр 25 % + СОч 50 % (§1.6, rules No. 125 para. 28); without a СОч
 * ФО 50 % + СОр 50 % (§1.6 "Recommendation", BilimCalc). Kept unchanged through 2025–26 (§1.8, 2026 row);
 * open-ended until a newer policy is added here (watch adilet for amendments to Order No. 125, §9).
 */
export const KZ_2020: AssessmentPolicy = {
  id: 'kz-2020',
  fromYear: 2020,
  toYear: null,
  regionCode: null,
  weights: { fo: 0.25, sor: 0.25, soch: 0.5 },
  weightsNoSoch: { fo: 0.5, sor: 0.5, soch: 0 },
  foMin: 1,
  foMax: 10,
  sorAggregation: 'pooled',
  thresholds: THRESHOLDS,
  ungradedGradeLevels: UNGRADED,
  sources: ['kz-school-rules §1.6 (weights since 2020–21, variants A/B/C, scale, rounding)', '§1.3', '§1.2'],
};

/** Every policy, national first. Regional overrides (none known yet) carry a `regionCode`. */
export const POLICIES: readonly AssessmentPolicy[] = [KZ_2016, KZ_2020];

/** The earliest academic start year with a policy (criteria-based assessment began in 2016–17). */
export const FIRST_POLICY_YEAR = Math.min(...POLICIES.map((p) => p.fromYear));

function covers(policy: AssessmentPolicy, startYear: number): boolean {
  return startYear >= policy.fromYear && (policy.toYear === null || startYear <= policy.toYear);
}

/**
 * The policy of an academic year (2025 = 2025–26), the region's own one when it has one, else the national one.
 * Returns null for a year without criteria-based assessment (before 2016–17) or a non-integer year.
 */
export function policyFor(startYear: number, regionCode?: string | null): AssessmentPolicy | null {
  if (!Number.isInteger(startYear)) return null;
  const candidates = POLICIES.filter((p) => covers(p, startYear));
  return (
    (regionCode ? candidates.find((p) => p.regionCode === regionCode) : undefined) ??
    candidates.find((p) => p.regionCode === null) ??
    null
  );
}

/**
 * Parses an academic year as written in Kazakhstan ('2025-2026', '2025–2026', '2025/2026' or just '2025')
 * into its start year; null when malformed (the end year must be start + 1).
 */
export function parseAcademicYear(text: string): number | null {
  const m = /^\s*(\d{4})(?:\s*[-–—/]\s*(\d{4}))?\s*$/.exec(text);
  if (!m) return null;
  const start = Number(m[1]);
  if (m[2] !== undefined && Number(m[2]) !== start + 1) return null;
  return start;
}
