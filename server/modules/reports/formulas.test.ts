import { describe, expect, it } from 'vitest';
import {
  categoryRates,
  countGrades,
  emptyCategories,
  type FinalGrade,
  gradeRates,
  type PupilCategory,
  pupilCategory,
  round1,
  round2,
  subjectRates,
} from './formulas.js';

describe('§4.1 formulas', () => {
  it('reproduces the worked example: 609 pupils by lowest grade → успеваемость 99.18 %, качество 60.76 %', () => {
    const r = gradeRates({ n5: 106, n4: 264, n3: 234, n2: 5, na: 0 });
    expect(r.n).toBe(609);
    expect(r.success).toBeCloseTo(99.179, 3);
    expect(r.quality).toBeCloseTo(60.755, 3);
    expect(round1(r.success)).toBe(99.2);
    // The school's report shows 60.8 — the same half-up rounding to one decimal.
    expect(round1(r.quality)).toBe(60.8);
    // The same numbers through pupil categories (отличники 106, хорошисты 264, троечники 234, неуспевающие 5).
    const c = { ...emptyCategories(), excellent: 106, good: 200, oneFour: 64, satisfactory: 234, failing: 5 };
    expect(categoryRates(c)).toEqual({ n: 609, success: r.success, quality: r.quality });
  });

  it.each([
    // [counts, N, average, success, quality, СОУ]
    [{ n5: 1, n4: 1, n3: 1, n2: 1, na: 0 }, 4, 3.5, 75, 50, 54],
    [{ n5: 2, n4: 0, n3: 0, n2: 0, na: 0 }, 2, 5, 100, 100, 100],
    [{ n5: 0, n4: 0, n3: 0, n2: 2, na: 0 }, 2, 2, 0, 0, 16],
    // н/а is in N (and in СОУ with weight 7) but not in the average.
    [{ n5: 1, n4: 0, n3: 0, n2: 0, na: 1 }, 2, 5, 50, 50, 53.5],
    [{ n5: 0, n4: 0, n3: 0, n2: 0, na: 3 }, 3, null, 0, 0, 7],
    [{ n5: 0, n4: 0, n3: 0, n2: 0, na: 0 }, 0, null, null, null, null],
  ])('gradeRates(%o)', (counts, n, average, success, quality, sou) => {
    const r = gradeRates(counts);
    expect(r.n).toBe(n);
    expect(r.average).toBe(average);
    expect(r.success).toBe(success);
    expect(r.quality).toBe(quality);
    expect(r.sou === null ? null : Number(r.sou.toFixed(9))).toBe(sou);
  });

  it('leaves exempt and pupils without a grade out of N, keeps н/а in', () => {
    const counts = countGrades(['5', '4', 'exempt', 'none', 'na'] as FinalGrade[]);
    expect(counts).toMatchObject({ n5: 1, n4: 1, exempt: 1, none: 1, na: 1 });
    const r = subjectRates(counts);
    expect(r.n).toBe(3);
    expect(r.success).toBeCloseTo(66.667, 3);
    expect(r.average).toBe(4.5);
  });

  it('rates a pass/fail subject by its зачёт share only', () => {
    const r = subjectRates(countGrades(['pass', 'pass', 'fail', 'exempt'] as FinalGrade[]));
    expect(r).toMatchObject({ n: 3, average: null, quality: null, sou: null });
    expect(r.success).toBeCloseTo(66.667, 3);
  });

  it.each([
    [99.17898, 99.2],
    [60.75533, 60.8],
    [64.45, 64.5],
    [64.44999, 64.4],
    [0.05, 0.1],
    [100, 100],
    [null, null],
  ])('round1(%s) = %s (half-up, one decimal)', (x, expected) => {
    expect(round1(x)).toBe(expected);
  });
  it('round2 rounds averages half-up to two decimals', () => {
    expect(round2(37 / 9)).toBe(4.11);
    expect(round2(4.605)).toBe(4.61);
  });
});

describe('pupil categories', () => {
  it.each<[FinalGrade[], PupilCategory]>([
    [['5', '5', '5'], 'excellent'],
    [['5', '4', '5'], 'oneFour'],
    [['4', '4', '5'], 'good'],
    [['4'], 'good'],
    [['5', '3', '4'], 'oneThree'],
    [['3', '3', '5'], 'satisfactory'],
    [['3'], 'satisfactory'],
    [['5', '2', '5'], 'failing'],
    [['5', 'na', '2'], 'failing'],
    [['5', 'na'], 'na'],
    [['5', 'pass', 'exempt', 'none'], 'excellent'],
    [['5', 'fail'], 'failing'],
    [['exempt', 'none', 'pass'], 'none'],
    [[], 'none'],
  ])('%o → %s', (grades, category) => {
    expect(pupilCategory(grades)).toBe(category);
  });

  it('class-level quality counts отличники and all хорошисты over N (pupils without grades left out)', () => {
    const c = { ...emptyCategories(), excellent: 1, oneFour: 1, good: 1, oneThree: 1, failing: 1, na: 1, none: 2 };
    const r = categoryRates(c);
    expect(r.n).toBe(6);
    expect(r.quality).toBe(50);
    expect(r.success).toBeCloseTo(66.667, 3);
  });
});
