import type { AssessmentPolicy, Grade } from './types.js';

/**
 * Rounding (kz-school-rules §1.6 "Rounding"): Kundelik rounds mathematically using all the digits after the
 * decimal point (43.52 → 44, 43.31 → 43). The journal displays one decimal, so a displayed "64.5" may be 64.47…,
 * which rounds to 64 («3»); an exact 64.5 rounds up to 65 («4»). Components are never rounded before summing —
 * this is the ONE rounding, applied to the final percentage.
 *
 * Floating point: 0.25·x + 0.25·y + 0.5·z can land a hair below an exact .5 (e.g. 64.49999999999999). Inputs are
 * integers 1..10 and scores over maxima of at most a few hundred, so a true value is either exactly on .5 or at
 * least 1e-7 away from it; a tolerance of 1e-9 therefore only absorbs binary noise and never changes a genuine
 * 64.49… into 65.
 */
const EPSILON = 1e-9;

/** Half-up rounding to an integer on the full-precision value (64.5 → 65, 64.47 → 64, 39.5 → 40). */
export function roundHalfUp(value: number): number {
  return Math.floor(value + 0.5 + EPSILON);
}

/**
 * Appendix 1 scale applied to a rounded percentage: 0–39 «2», 40–64 «3», 65–84 «4», 85–100 «5».
 * The argument must already be rounded (an integer); use `gradeFromPercent` for a full-precision value.
 */
export function scale(roundedPercent: number, policy: AssessmentPolicy): Grade {
  const t = policy.thresholds;
  if (roundedPercent >= t.five) return 5;
  if (roundedPercent >= t.four) return 4;
  if (roundedPercent >= t.three) return 3;
  return 2;
}

/** grade = scale(round_half_up(percent)) — §1.6 formula, last line. */
export function gradeFromPercent(percent: number, policy: AssessmentPolicy): Grade {
  return scale(roundHalfUp(percent), policy);
}
