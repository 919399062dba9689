import { termResult } from './compute.js';
import type { AssessmentPolicy, Score, SorAggregation } from './types.js';

/**
 * "What score on the remaining СОч reaches the next grade" (issue 7 §1): for each of «3», «4», «5», the smallest
 * whole СОч score out of `max` whose term result (the same engine, one half-up rounding at the very end) reaches
 * that grade, given the ФО and СОр so far. 0 = reached whatever the СОч score; null = out of reach even with full
 * marks. Exact by construction: it tries every whole score 0..max (max ≤ 100) instead of inverting the formula,
 * so renormalised weights, the variants and the rounding edge (64.5 → 65) all behave as in `termResult`.
 */
export interface SochNeededInput {
  policy: AssessmentPolicy;
  fo: readonly number[];
  sor: readonly Score[];
  /** The СОч's maximum score (a whole number ≥ 1). */
  max: number;
  variant?: SorAggregation;
}
export type SochNeeded = Record<3 | 4 | 5, number | null>;

export function sochNeeded(input: SochNeededInput): SochNeeded {
  const needed: SochNeeded = { 3: null, 4: null, 5: null };
  const max = Math.floor(input.max);
  for (let score = 0; score <= max; score++) {
    const r = termResult({
      policy: input.policy,
      fo: input.fo,
      sor: input.sor,
      soch: { score, max },
      hasSoch: true,
      ...(input.variant ? { variant: input.variant } : {}),
    });
    const grade = typeof r.grade === 'number' ? r.grade : 2;
    // The grade never falls as the score rises, so the first score reaching a grade is the minimum.
    for (const g of [3, 4, 5] as const) if (needed[g] === null && grade >= g) needed[g] = score;
    if (needed[5] !== null) break;
  }
  return needed;
}
