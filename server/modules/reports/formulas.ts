/**
 * The school-statistics formulas of kz-school-rules §4.1, pure (no database) so the reports and the class
 * teacher's view share one definition and a table-driven test pins them.
 *
 * Choices (where §4.1 leaves room), in one place:
 * - N = n5 + n4 + n3 + n2 + n_na: exempt (освобождён / БОС) is NOT in N, н/а IS in N, and a pupil with no grade
 *   at all (no marks yet, ungraded) is NOT in N — §4.1 says so for СОУ and we use the same N for all three
 *   percentages so that they stay comparable (a running report would otherwise count pupils without marks as
 *   failing).
 * - Average = Σ k·n_k / Σ n_k over the numeric grades only (н/а, зачёт/незачёт and exempt excluded, as Kundelik).
 * - Pass/fail subjects: success % = зачёт / (зачёт + незачёт + н/а); quality, СОУ and average do not apply.
 * - Percentages are computed at full precision and rounded half-up to one decimal only for display
 *   (`round1`): 99.179… → 99.2, 60.755… → 60.8 (the worked example's report shows 60.8).
 */

export type FinalGrade = '5' | '4' | '3' | '2' | 'na' | 'pass' | 'fail' | 'exempt' | 'none';

export interface GradeCounts {
  n5: number;
  n4: number;
  n3: number;
  n2: number;
  na: number;
  exempt: number;
  pass: number;
  fail: number;
  /** No grade (no marks yet, ungraded). */
  none: number;
}

export interface Rates {
  /** Pupils counted (§4.1 N). */
  n: number;
  /** Σ k·n_k / Σ n_k over «5»…«2»; null without numeric grades. */
  average: number | null;
  /** Успеваемость %; null when N = 0. */
  success: number | null;
  /** Качество знаний %; null when N = 0 or for pass/fail. */
  quality: number | null;
  /** СОУ (ООЖ) %; null when N = 0 or for pass/fail. */
  sou: number | null;
}

export const emptyCounts = (): GradeCounts => ({
  n5: 0,
  n4: 0,
  n3: 0,
  n2: 0,
  na: 0,
  exempt: 0,
  pass: 0,
  fail: 0,
  none: 0,
});

const KEY: Record<FinalGrade, keyof GradeCounts> = {
  '5': 'n5',
  '4': 'n4',
  '3': 'n3',
  '2': 'n2',
  na: 'na',
  exempt: 'exempt',
  pass: 'pass',
  fail: 'fail',
  none: 'none',
};

export function countGrades(grades: Iterable<FinalGrade>, into: GradeCounts = emptyCounts()): GradeCounts {
  for (const g of grades) into[KEY[g]]++;
  return into;
}

export function addCounts(a: GradeCounts, b: GradeCounts): GradeCounts {
  const out = emptyCounts();
  for (const k of Object.keys(out) as (keyof GradeCounts)[]) out[k] = a[k] + b[k];
  return out;
}

/** §4.1 for numeric grades: average, успеваемость, качество, СОУ. */
export function gradeRates(c: Pick<GradeCounts, 'n5' | 'n4' | 'n3' | 'n2' | 'na'>): Rates {
  const n = c.n5 + c.n4 + c.n3 + c.n2 + c.na;
  const numeric = c.n5 + c.n4 + c.n3 + c.n2;
  const average = numeric === 0 ? null : (5 * c.n5 + 4 * c.n4 + 3 * c.n3 + 2 * c.n2) / numeric;
  if (n === 0) return { n, average, success: null, quality: null, sou: null };
  return {
    n,
    average,
    success: ((c.n5 + c.n4 + c.n3) * 100) / n,
    quality: ((c.n5 + c.n4) * 100) / n,
    sou: (100 * c.n5 + 64 * c.n4 + 36 * c.n3 + 16 * c.n2 + 7 * c.na) / n,
  };
}

/** A pass/fail subject: only the success share applies (н/а counts as not passed). */
export function passFailRates(c: Pick<GradeCounts, 'pass' | 'fail' | 'na'>): Rates {
  const n = c.pass + c.fail + c.na;
  return { n, average: null, success: n === 0 ? null : (c.pass * 100) / n, quality: null, sou: null };
}

/** The rates of a subject row: pass/fail when it has зачёт/незачёт and no numeric grade. */
export function subjectRates(c: GradeCounts): Rates {
  const numeric = c.n5 + c.n4 + c.n3 + c.n2;
  return numeric === 0 && c.pass + c.fail > 0 ? passFailRates(c) : gradeRates(c);
}

/** Half-up to one decimal (display only; never feed the result back into a formula). */
export function round1(x: number | null): number | null {
  if (x === null) return null;
  return (Math.sign(x) * Math.floor(Math.abs(x) * 10 + 0.5 + 1e-9)) / 10;
}
/** Half-up to two decimals (averages). */
export function round2(x: number | null): number | null {
  if (x === null) return null;
  return (Math.sign(x) * Math.floor(Math.abs(x) * 100 + 0.5 + 1e-9)) / 100;
}

// ── Pupil categories (§4.1 "Per pupil") ──────────────────────────────────────────────────────────────────
/**
 * Mutually exclusive, so the class's counts add up to its pupils:
 * - excellent: every final grade «5»;
 * - oneFour: «5» except exactly one «4» (a хорошист — the reserve of отличники);
 * - good: the other хорошисты (only «4»/«5», at least one «4»);
 * - oneThree: «4»/«5» except exactly one «3» (a троечник — the reserve of хорошисты);
 * - satisfactory: the other троечники (at least one «3», no «2»);
 * - failing: at least one «2» (неуспевающий) — even with an н/а elsewhere;
 * - na: at least one н/а and no «2»;
 * - none: no numeric grade at all (all exempt, pass/fail only, no marks yet): not counted in N.
 * Зачёт/незачёт subjects do not change the category except that a незачёт makes the pupil failing.
 */
export const PUPIL_CATEGORIES = [
  'excellent',
  'oneFour',
  'good',
  'oneThree',
  'satisfactory',
  'failing',
  'na',
  'none',
] as const;
export type PupilCategory = (typeof PUPIL_CATEGORIES)[number];

export function pupilCategory(grades: Iterable<FinalGrade>): PupilCategory {
  let n5 = 0;
  let n4 = 0;
  let n3 = 0;
  let failing = false;
  let na = false;
  for (const g of grades) {
    if (g === '5') n5++;
    else if (g === '4') n4++;
    else if (g === '3') n3++;
    else if (g === '2' || g === 'fail') failing = true;
    else if (g === 'na') na = true;
  }
  if (failing) return 'failing';
  if (na) return 'na';
  if (n5 + n4 + n3 === 0) return 'none';
  // "One «4»" / "one «3»" means the rest is better: a pupil whose only grade is a «4» is simply a хорошист.
  if (n3 === 0) return n4 === 0 ? 'excellent' : n4 === 1 && n5 > 0 ? 'oneFour' : 'good';
  return n3 === 1 && n4 + n5 > 0 ? 'oneThree' : 'satisfactory';
}

export type CategoryCounts = Record<PupilCategory, number>;
export const emptyCategories = (): CategoryCounts =>
  Object.fromEntries(PUPIL_CATEGORIES.map((c) => [c, 0])) as CategoryCounts;

/**
 * The class- or school-level rates from pupil categories, "by lowest grade" (§4.1 worked example): a pupil counts
 * as his lowest grade — отличники as «5», хорошисты (oneFour + good) as «4», троечники (oneThree + satisfactory)
 * as «3», неуспевающие as «2», н/а as н/а — so quality % = (отличники + хорошисты) / N. The average and СОУ of a
 * class are taken from all its grades (the subject counts), not from here.
 */
export function categoryRates(c: CategoryCounts): { n: number; success: number | null; quality: number | null } {
  const r = gradeRates(lowestGradeCounts(c));
  return { n: r.n, success: r.success, quality: r.quality };
}

export function lowestGradeCounts(c: CategoryCounts) {
  return {
    n5: c.excellent,
    n4: c.oneFour + c.good,
    n3: c.oneThree + c.satisfactory,
    n2: c.failing,
    na: c.na,
  };
}
