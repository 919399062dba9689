import { gradeFromPercent, roundHalfUp } from './rounding.js';
import type {
  AssessmentPolicy,
  Part,
  PassFailInput,
  PassFailResult,
  Score,
  SorAggregation,
  TermInput,
  TermResult,
} from './types.js';
import { AssessmentInputError, checkFo, checkScore } from './validate.js';

/**
 * The term (or half-year) result: kz-school-rules §1.6 "Formula (variant A)" and its variants B and C.
 *
 *   FO%   = (Σ FO_i / n_FO) / 10 × 100
 *   SOR%  = Σ score_j / Σ max_j × 100           (A, pooled)  |  mean of score_j / max_j × 100  (B, mean)
 *   SOCH% = score / max × 100
 *   term% = w_FO·FO% + w_SOR·SOR% + w_SOCH·SOCH%
 *   (C, pooled-with-fo: (ΣFO + ΣСОр) / (10·n_FO + ΣСОр max) × 100 weighted w_FO + w_SOR, then + w_SOCH·SOCH%)
 *   grade = scale(round_half_up(term%))         — one rounding, at the very end
 *
 * Absent components (decision, documented in docs/assessment.md): the weights are renormalised over the
 * components that are present. This is exactly the reference's own rule for a period without СОч
 * (25/25 → 50/50, §1.6 "Recommendation"), generalised: no ФО at all → СОр 1/3, СОч 2/3 (not ФО counted as 0,
 * which would fail a pupil for a teacher not recording formative points — ФО "may" be shown as points, §1.3);
 * no СОр (cancelled, §1.5 April 2024) → ФО 1/3, СОч 2/3.
 *
 * Statuses: grade 1 → ungraded (null, §1.2); exempt → null; a missed СОч → 'na' (§1.5, "временно не
 * аттестован"); a СОч not written yet → the running ('provisional') result over what is present.
 */
export function termResult(input: TermInput): TermResult {
  const { policy } = input;
  const variant: SorAggregation = input.variant ?? policy.sorAggregation;
  checkFo(input.fo, policy);
  for (const s of input.sor) checkScore(s);
  const soch = input.hasSoch ? input.soch : null;
  if (soch !== null && soch !== 'missed') checkScore(soch);
  checkGradeLevel(input.gradeLevel);

  const none: TermResult['parts'] = { fo: null, sor: null, soch: null, foSor: null };
  const blank = (status: TermResult['status'], grade: TermResult['grade'] = null): TermResult => ({
    percent: null,
    roundedPercent: null,
    grade,
    status,
    variant,
    parts: none,
  });

  if (input.gradeLevel !== undefined && policy.ungradedGradeLevels.includes(input.gradeLevel)) {
    return blank('ungraded');
  }
  if (input.exempt) return blank('exempt');

  const w = input.hasSoch ? policy.weights : policy.weightsNoSoch;
  const foCounted = w.fo > 0 && input.fo.length > 0;
  // Raw (un-normalised) components: [key, percent, weight].
  const raw: Array<[keyof TermResult['parts'], number, number]> = [];
  if (variant === 'pooled-with-fo') {
    const foPoints = foCounted ? sum(input.fo) : 0;
    const foMax = foCounted ? input.fo.length * policy.foMax : 0;
    const points = foPoints + sum(input.sor.map((s) => s.score));
    const max = foMax + sum(input.sor.map((s) => s.max));
    if (max > 0) raw.push(['foSor', (points * 100) / max, w.fo + w.sor]);
  } else {
    if (foCounted) raw.push(['fo', foPercent(input.fo, policy), w.fo]);
    if (input.sor.length > 0 && w.sor > 0) raw.push(['sor', sorPercent(input.sor, variant), w.sor]);
  }
  if (soch !== null && soch !== 'missed' && w.soch > 0) raw.push(['soch', (soch.score * 100) / soch.max, w.soch]);

  const totalWeight = sum(raw.map(([, , weight]) => weight));
  const parts = { ...none };
  let percent = 0;
  for (const [key, p, weight] of raw) {
    const effective = weight / totalWeight;
    const contribution = p * effective;
    parts[key] = { percent: p, weight: effective, contribution } satisfies Part;
    percent += contribution;
  }

  if (soch === 'missed') return { ...blank('na', 'na'), parts };
  if (raw.length === 0) return blank('empty');
  const rounded = roundHalfUp(percent);
  return {
    percent,
    roundedPercent: rounded,
    grade: gradeFromPercent(percent, policy),
    status: input.hasSoch && soch === null ? 'provisional' : 'graded',
    variant,
    parts,
  };
}

/**
 * A pass/fail subject's period result (§1.2, para. 16: зачёт / незачёт, no СОр/СОч). No source gives a rule
 * for combining several marks; the engine takes the latest one (a незачёт is retaken, and the retake stands)
 * [unverified]. No mark at all → 'na' (nothing to attest). Grade 1 → null; exempt → null.
 */
export function passFailResult(input: PassFailInput): PassFailResult {
  checkGradeLevel(input.gradeLevel);
  const ungraded = input.policy?.ungradedGradeLevels ?? [0, 1];
  if (input.gradeLevel !== undefined && ungraded.includes(input.gradeLevel)) {
    return { result: null, status: 'ungraded' };
  }
  if (input.exempt) return { result: null, status: 'exempt' };
  const latest = input.marks.at(-1);
  return latest === undefined ? { result: 'na', status: 'na' } : { result: latest, status: 'graded' };
}

/** ФО% = mean(ФО) / 10 × 100 (§1.3). Multiplying first keeps whole results exact in binary. */
function foPercent(marks: readonly number[], policy: AssessmentPolicy): number {
  return (sum(marks) * 100) / (marks.length * policy.foMax);
}

/** СОр%: pooled Σscore/Σmax (variant A) or the mean of each work's percentage (variant B), §1.6 table. */
function sorPercent(works: readonly Score[], variant: SorAggregation): number {
  if (variant === 'mean') return sum(works.map((s) => (s.score * 100) / s.max)) / works.length;
  return (sum(works.map((s) => s.score)) * 100) / sum(works.map((s) => s.max));
}

function checkGradeLevel(level: number | undefined): void {
  if (level !== undefined && (!Number.isInteger(level) || level < 0 || level > 12)) {
    throw new AssessmentInputError('grade_level_invalid', `A grade level must be a whole number 0..12: ${level}`);
  }
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
