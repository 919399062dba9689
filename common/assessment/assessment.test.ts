import { describe, expect, it } from 'vitest';
import {
  AssessmentInputError,
  type Grade,
  KZ_2016,
  KZ_2020,
  type PeriodGrade,
  parseAcademicYear,
  passFailResult,
  policyFor,
  roundHalfUp,
  type Score,
  type SorAggregation,
  scale,
  type TermResult,
  termResult,
  yearGrade,
} from './index.js';

/**
 * Table-driven tests of the assessment engine. Every row says where its expected value comes from:
 * "§x.y" = /work/shared/reference/kz-school-rules.md (docs/assessment.md summarises it), "issue 5 §3" = the
 * issue text, "boundary" = arithmetic shown in the row (so a reader can check it by hand).
 */

const s = (score: number, max: number): Score => ({ score, max });
/** §1.6 worked example: FO = [10,10,10,10]; СОр 3/10 and 20/20; СОч 84 %. */
const EX = { fo: [10, 10, 10, 10], sor: [s(3, 10), s(20, 20)], soch: s(84, 100) };

interface Row {
  name: string;
  source: string;
  year?: number;
  fo: number[];
  sor: Score[];
  soch: Score | null | 'missed';
  hasSoch?: boolean;
  variant?: SorAggregation;
  exempt?: boolean;
  gradeLevel?: number;
  percent: number | null;
  rounded?: number | null;
  grade: TermResult['grade'];
  status: TermResult['status'];
}

const rows: Row[] = [
  // ── §1.6 worked example, every variant ────────────────────────────────────────────────────────────────────
  {
    name: 'worked example, variant A (pooled)',
    source: '§1.6 "A = 25 + 19.17 + 42 = 86.17 → «5»"',
    ...EX,
    variant: 'pooled',
    percent: 25 + 25 * (23 / 30) + 42,
    rounded: 86,
    grade: 5,
    status: 'graded',
  },
  {
    name: 'worked example, default variant is A',
    source: '§1.6 table "A (recommended default)"',
    ...EX,
    percent: 86.16666666666667,
    rounded: 86,
    grade: 5,
    status: 'graded',
  },
  {
    name: 'worked example, variant B (mean of percentages)',
    source: '§1.6 "B = 25 + 16.25 + 42 = 83.25 → «4»"',
    ...EX,
    variant: 'mean',
    percent: 83.25,
    rounded: 83,
    grade: 4,
    status: 'graded',
  },
  {
    name: 'worked example, variant C (ФО pooled with СОр)',
    source: '§1.6 "C = 45 + 42 = 87 → «5»" ((40 + 23) / (40 + 30) × 50 = 45)',
    ...EX,
    variant: 'pooled-with-fo',
    percent: 87,
    rounded: 87,
    grade: 5,
    status: 'graded',
  },
  // ── Rounding boundaries: one half-up rounding of the full-precision percentage ─────────────────────────────
  {
    name: 'displayed "64.5" that is 64.4589… rounds to 64 → «3»',
    source:
      'issue 5 §3 "64.47 % → 64 → «3»", §1.6 Rounding; boundary: ФО 46/7 → 65.714…·0.25 + СОр 10/22 → 45.45…·0.25 + СОч 22/30 → 73.33…·0.5',
    fo: [7, 6, 8, 5, 7, 6, 7],
    sor: [s(5, 10), s(5, 12)],
    soch: s(22, 30),
    percent: ((46 / 70) * 100) / 4 + ((10 / 22) * 100) / 4 + ((22 / 30) * 100) / 2,
    rounded: 64,
    grade: 3,
    status: 'graded',
  },
  {
    name: 'exactly 64.5 % rounds up to 65 → «4» (and a СОр scored 0 counts as 0 %)',
    source: 'issue 5 §3 boundary, §1.6 Rounding (half-up); 100·0.25 + 0·0.25 + 79·0.5 = 64.5',
    fo: [10],
    sor: [s(0, 10)],
    soch: s(79, 100),
    percent: 64.5,
    rounded: 65,
    grade: 4,
    status: 'graded',
  },
  {
    name: 'exactly 39.5 % rounds up to 40 → «3»',
    source: 'issue 5 §3 boundary; 40·0.25 + 0·0.25 + 59·0.5 = 39.5',
    fo: [4, 4],
    sor: [s(0, 10)],
    soch: s(59, 100),
    percent: 39.5,
    rounded: 40,
    grade: 3,
    status: 'graded',
  },
  {
    name: '39.25 % rounds down to 39 → «2»',
    source: 'boundary; 40·0.25 + 0·0.25 + 58.5·0.5 = 39.25; Appendix 1 0–39 «2» (§1.6 scale)',
    fo: [4, 4],
    sor: [s(0, 10)],
    soch: s(117, 200),
    percent: 39.25,
    rounded: 39,
    grade: 2,
    status: 'graded',
  },
  {
    name: 'exactly 84.5 % rounds up to 85 → «5»',
    source: 'issue 5 §3 boundary; 100·0.25 + 95·0.25 + 71.5·0.5 = 84.5',
    fo: [10],
    sor: [s(19, 20)],
    soch: s(143, 200),
    percent: 84.5,
    rounded: 85,
    grade: 5,
    status: 'graded',
  },
  {
    name: '84.25 % rounds down to 84 → «4»',
    source: 'boundary; 100·0.25 + 95·0.25 + 71·0.5 = 84.25; Appendix 1 65–84 «4»',
    fo: [10],
    sor: [s(19, 20)],
    soch: s(71, 100),
    percent: 84.25,
    rounded: 84,
    grade: 4,
    status: 'graded',
  },
  {
    name: 'exactly 40 % → «3»',
    source: '§1.6 scale (40–64 «3», "Use 40")',
    fo: [4],
    sor: [s(4, 10)],
    soch: s(8, 20),
    percent: 40,
    rounded: 40,
    grade: 3,
    status: 'graded',
  },
  {
    name: 'exactly 65 % → «4»',
    source: '§1.6 scale (65–84 «4»)',
    fo: [6, 7],
    sor: [s(13, 20)],
    soch: s(13, 20),
    percent: 65,
    rounded: 65,
    grade: 4,
    status: 'graded',
  },
  {
    name: 'exactly 85 % → «5»',
    source: '§1.6 scale (85–100 «5»)',
    fo: [8, 9],
    sor: [s(17, 20)],
    soch: s(17, 20),
    percent: 85,
    rounded: 85,
    grade: 5,
    status: 'graded',
  },
  {
    name: 'everything at 0 → «2»',
    source: '§1.6 scale (0–39 «2»); ФО 1 is the lowest mark (§1.3) → 10 %·0.25 = 2.5',
    fo: [1],
    sor: [s(0, 10)],
    soch: s(0, 20),
    percent: 2.5,
    rounded: 3,
    grade: 2,
    status: 'graded',
  },
  // ── Missing components ────────────────────────────────────────────────────────────────────────────────────
  {
    name: 'no ФО at all: СОр and СОч renormalised to 1/3 and 2/3',
    source: 'decision (docs/assessment.md), generalising §1.6 "no СОч: rescale to 50/50"; (76.67·0.25 + 84·0.5) / 0.75',
    fo: [],
    sor: EX.sor,
    soch: EX.soch,
    percent: ((23 / 30) * 100 * 0.25 + 84 * 0.5) / 0.75,
    rounded: 82,
    grade: 4,
    status: 'graded',
  },
  {
    name: 'no СОр at all (cancelled): ФО and СОч renormalised to 1/3 and 2/3',
    source: '§1.5 (a term with no СОр must be allowed), renormalisation as above; (100·0.25 + 70·0.5) / 0.75 = 80',
    fo: [10],
    sor: [],
    soch: s(70, 100),
    percent: 80,
    rounded: 80,
    grade: 4,
    status: 'graded',
  },
  {
    name: 'a missed СОч → н/а',
    source: '§1.5 "Missed summative work … «временно не аттестован» (н/а)"',
    ...EX,
    soch: 'missed',
    percent: null,
    rounded: null,
    grade: 'na',
    status: 'na',
  },
  {
    name: 'a СОч not written yet: the running result over ФО and СОр (50/50)',
    source: 'issue 5 §3 (running grade in the journal); renormalisation = §1.6 no-СОч weights; 100·0.5 + 76.67·0.5',
    ...EX,
    soch: null,
    percent: 50 + (23 / 30) * 50,
    rounded: 88,
    grade: 5,
    status: 'provisional',
  },
  {
    name: 'nothing recorded → no grade',
    source: 'boundary',
    fo: [],
    sor: [],
    soch: null,
    percent: null,
    rounded: null,
    grade: null,
    status: 'empty',
  },
  // ── Who is graded ─────────────────────────────────────────────────────────────────────────────────────────
  {
    name: 'an exempt pupil has no grade',
    source: '§1.2 («БОС» exempt), §4 (exempt excluded from statistics)',
    ...EX,
    exempt: true,
    percent: null,
    rounded: null,
    grade: null,
    status: 'exempt',
  },
  {
    name: 'grade 1 is not graded',
    source: '§1.2 "Grade 1: no marks" (rules No. 125 para. 7)',
    ...EX,
    gradeLevel: 1,
    percent: null,
    rounded: null,
    grade: null,
    status: 'ungraded',
  },
  {
    name: 'grade 2 is graded',
    source: '§1.2 "Grades 2–11 (12): ФО, СОр and СОч all produce points"',
    ...EX,
    gradeLevel: 2,
    percent: 86.16666666666667,
    rounded: 86,
    grade: 5,
    status: 'graded',
  },
  // ── Earlier years keep their own policy ───────────────────────────────────────────────────────────────────
  {
    name: '2019–20: СОр 50 % + СОч 50 %, ФО not counted',
    source: '§1.6 "Before 2020–21"; 76.67·0.5 + 84·0.5 = 80.33',
    year: 2019,
    ...EX,
    percent: (23 / 30) * 50 + 42,
    rounded: 80,
    grade: 4,
    status: 'graded',
  },
  {
    name: '2019–20: ФО marks change nothing',
    source: '§1.6 "formative … not counted"',
    year: 2019,
    ...EX,
    fo: [1, 1, 1],
    percent: (23 / 30) * 50 + 42,
    rounded: 80,
    grade: 4,
    status: 'graded',
  },
  {
    name: '2016–17: the same earlier policy',
    source: '§1.8 (criteria-based assessment from 2016), §1.6',
    year: 2016,
    fo: [],
    sor: [s(10, 20)],
    soch: s(30, 40),
    percent: 62.5,
    rounded: 63,
    grade: 3,
    status: 'graded',
  },
  {
    name: '2019–20 without СОч: the СОр alone',
    source: '§1.6 (ФО not counted before 2020–21) + renormalisation [inference, docs/assessment.md]',
    year: 2019,
    ...EX,
    hasSoch: false,
    percent: (23 / 30) * 100,
    rounded: 77,
    grade: 4,
    status: 'graded',
  },
  // ── Half-year of a 1-hour subject (no СОч) ────────────────────────────────────────────────────────────────
  {
    name: 'half-year without СОч, variant A: ФО 50 % + СОр 50 %',
    source: '§1.6 "Subjects without СОч" (para. 28; BilimCalc "(СО + СОР) × 2"; Recommendation 50/50)',
    ...EX,
    hasSoch: false,
    percent: 50 + (23 / 30) * 50,
    rounded: 88,
    grade: 5,
    status: 'graded',
  },
  {
    name: 'half-year without СОч, variant B',
    source: '§1.6 variant B with the no-СОч weights; 100·0.5 + 65·0.5 = 82.5',
    ...EX,
    hasSoch: false,
    variant: 'mean',
    percent: 82.5,
    rounded: 83,
    grade: 4,
    status: 'graded',
  },
  {
    name: 'half-year without СОч, variant C: (FOsum + SORsum) / (FOmax + SORmax) × 100',
    source: '§1.6 xFounzYx half-year formula; (40 + 23) / (40 + 30) = 90 %',
    ...EX,
    hasSoch: false,
    variant: 'pooled-with-fo',
    percent: 90,
    rounded: 90,
    grade: 5,
    status: 'graded',
  },
  {
    name: 'without СОч a given СОч score is ignored',
    source: 'engine contract (hasSoch: false)',
    ...EX,
    hasSoch: false,
    soch: s(0, 100),
    percent: 50 + (23 / 30) * 50,
    rounded: 88,
    grade: 5,
    status: 'graded',
  },
  {
    name: 'variant B with one СОр equals variant A',
    source: '§1.6 table (the variants differ only when there are several СОр)',
    fo: [8, 6],
    sor: [s(7, 10)],
    soch: s(15, 20),
    variant: 'mean',
    percent: 17.5 + 17.5 + 37.5,
    rounded: 73,
    grade: 4,
    status: 'graded',
  },
];

describe('termResult', () => {
  it.each(rows)('$name ($source)', (row) => {
    const policy = policyFor(row.year ?? 2025);
    if (!policy) throw new Error('no policy');
    const result = termResult({
      policy,
      fo: row.fo,
      sor: row.sor,
      soch: row.soch,
      hasSoch: row.hasSoch ?? true,
      exempt: row.exempt,
      gradeLevel: row.gradeLevel,
      variant: row.variant,
    });
    if (row.percent === null) expect(result.percent).toBeNull();
    else expect(result.percent).toBeCloseTo(row.percent, 9);
    if (row.rounded !== undefined) expect(result.roundedPercent).toBe(row.rounded);
    expect(result.grade).toBe(row.grade);
    expect(result.status).toBe(row.status);
  });

  it('explains the parts: weights sum to 1 and contributions sum to the percent (§1.6 formula)', () => {
    const r = termResult({ policy: KZ_2020, ...EX, hasSoch: true });
    expect(r.parts.fo).toEqual({ percent: 100, weight: 0.25, contribution: 25 });
    expect(r.parts.sor?.weight).toBe(0.25);
    expect(r.parts.sor?.percent).toBeCloseTo(76.6667, 4);
    expect(r.parts.soch).toEqual({ percent: 84, weight: 0.5, contribution: 42 });
    expect(r.parts.foSor).toBeNull();
    const c = termResult({ policy: KZ_2020, ...EX, hasSoch: true, variant: 'pooled-with-fo' });
    expect(c.parts.foSor).toEqual({ percent: 90, weight: 0.5, contribution: 45 });
    expect(c.parts.fo).toBeNull();
  });

  it('keeps the parts of a missed СОч for the journal, without a percentage', () => {
    const r = termResult({ policy: KZ_2020, ...EX, soch: 'missed', hasSoch: true });
    expect(r.parts.fo?.weight).toBe(0.5);
    expect(r.parts.soch).toBeNull();
  });

  it('never rounds components first: rounding each to 0.1 would flip the 64.46 % row to «4» (§1.6 Rounding)', () => {
    const r = termResult({
      policy: KZ_2020,
      fo: [7, 6, 8, 5, 7, 6, 7],
      sor: [s(5, 10), s(5, 12)],
      soch: s(22, 30),
      hasSoch: true,
    });
    const tenth = (x: number) => Math.round(x * 10) / 10;
    const { fo, sor, soch } = r.parts;
    const componentsRounded =
      tenth(fo?.contribution ?? 0) + tenth(sor?.contribution ?? 0) + tenth(soch?.contribution ?? 0);
    expect(tenth(r.percent ?? 0)).toBe(64.5); // what the journal displays
    expect(scale(roundHalfUp(componentsRounded), KZ_2020)).toBe(4); // the calculators' mistake
    expect(r.grade).toBe(3); // the rule
  });

  it.each([
    ['ФО 11', { fo: [11] }, 'fo_out_of_range'],
    ['ФО 0', { fo: [0] }, 'fo_out_of_range'],
    ['ФО 7.5', { fo: [7.5] }, 'fo_out_of_range'],
    ['СОр 12/10', { sor: [s(12, 10)] }, 'score_invalid'],
    ['СОр -1/10', { sor: [s(-1, 10)] }, 'score_invalid'],
    ['СОр 3/0', { sor: [s(3, 0)] }, 'max_invalid'],
    ['СОч NaN/10', { soch: s(Number.NaN, 10) }, 'score_invalid'],
    ['grade level 13', { gradeLevel: 13 }, 'grade_level_invalid'],
  ] as const)('refuses %s (§1.3 ФО 1..10, §1.4 score 0..max)', (_name, patch, code) => {
    const run = () => termResult({ policy: KZ_2020, ...EX, hasSoch: true, ...patch });
    expect(run).toThrow(AssessmentInputError);
    try {
      run();
    } catch (e) {
      expect((e as AssessmentInputError).code).toBe(code);
    }
  });
});

describe('rounding and scale', () => {
  it.each([
    [43.11, 43, '§1.6 Kundelik example'],
    [43.31, 43, '§1.6 Kundelik example'],
    [43.52, 44, '§1.6 Kundelik example'],
    [43.81, 44, '§1.6 Kundelik example'],
    [64.47, 64, 'issue 5 §3'],
    [64.5, 65, 'half-up'],
    [64.49999999999999, 65, 'binary noise below an exact .5 (0.1 + 0.2 style) is absorbed'],
    [39.5, 40, 'half-up'],
    [84.5, 85, 'half-up'],
    [3.5, 4, '§1.7 "3.5 → 4"'],
    [0, 0, 'boundary'],
    [100, 100, 'boundary'],
  ])('roundHalfUp(%f) = %i (%s)', (value, expected) => {
    expect(roundHalfUp(value)).toBe(expected);
  });

  it.each([
    [0, 2],
    [39, 2],
    [40, 3],
    [64, 3],
    [65, 4],
    [84, 4],
    [85, 5],
    [100, 5],
  ])('scale(%i) = «%i» (§1.6 Appendix 1 table)', (rounded, grade) => {
    expect(scale(rounded, KZ_2020)).toBe(grade);
  });
});

describe('yearGrade', () => {
  it.each<[PeriodGrade[], PeriodGrade, string]>([
    [[5, 4, 4, 5], 5, '§1.7 mean 4.5 → 5 (issue 5 CLI example)'],
    [[4, 3, 4, 3], 4, '§1.7 "3.5 → 4"'],
    [[3, 3, 4, 3], 3, '§1.7 mean 3.25 → 3'],
    [[2, 2, 3, 2], 2, '§1.7 mean 2.25 → 2'],
    [[5, 5, 5, 4], 5, '§1.7 mean 4.75 → 5'],
    [[2, 3], 3, '§1.7 half-years of a 1-hour subject: mean 2.5 → 3'],
    [[4], 4, 'one period'],
    [[4, 4, 'na', 5], 'na', 'decision: a period not attested leaves the year not attested (§1.5)'],
    [[null, 4, 5], 5, 'decision: exempt periods are left out (mean 4.5 → 5)'],
    [[null, null], null, 'decision: exempt all year → no grade'],
  ])('%j → %s (%s)', (grades, expected) => {
    expect(yearGrade(grades)).toBe(expected);
  });

  it('is computed from grades, not percentages: [«4» from 84 %, «4» from 65 %, «5», «5»] → 4.5 → «5»', () => {
    const grades: Grade[] = [4, 4, 5, 5];
    expect(yearGrade(grades)).toBe(5);
  });

  it('refuses an empty list and values outside 2..5', () => {
    expect(() => yearGrade([])).toThrow(AssessmentInputError);
    expect(() => yearGrade([6 as Grade])).toThrow(AssessmentInputError);
    expect(() => yearGrade([1 as Grade])).toThrow(AssessmentInputError);
  });
});

describe('passFailResult (§1.2 para. 16, зачёт / незачёт)', () => {
  it.each([
    [['pass'], 'pass', 'graded'],
    [['fail'], 'fail', 'graded'],
    [['fail', 'pass'], 'pass', 'graded'],
    [['pass', 'fail'], 'fail', 'graded'],
    [[], 'na', 'na'],
  ] as const)('%j → %s', (marks, result, status) => {
    expect(passFailResult({ marks })).toEqual({ result, status });
  });
  it('exempt and grade 1 have no result', () => {
    expect(passFailResult({ marks: ['pass'], exempt: true })).toEqual({ result: null, status: 'exempt' });
    expect(passFailResult({ marks: ['pass'], gradeLevel: 1 })).toEqual({ result: null, status: 'ungraded' });
  });
});

describe('policies (§1.6 "Before 2020–21", §1.8)', () => {
  it.each([
    [2025, 'kz-2020'],
    [2026, 'kz-2020'],
    [2020, 'kz-2020'],
    [2019, 'kz-2016'],
    [2016, 'kz-2016'],
    [2015, null],
    [2025.5, null],
  ])('policyFor(%d) = %s', (year, id) => {
    expect(policyFor(year)?.id ?? null).toBe(id);
  });
  it('falls back to the national policy for a region without its own', () => {
    expect(policyFor(2025, 'KZ-ALA')).toBe(KZ_2020);
  });
  it('has weights summing to 1 and the Appendix 1 thresholds', () => {
    for (const p of [KZ_2016, KZ_2020]) {
      expect(p.weights.fo + p.weights.sor + p.weights.soch).toBe(1);
      expect(p.weightsNoSoch.fo + p.weightsNoSoch.sor).toBe(1);
      expect(p.thresholds).toEqual({ three: 40, four: 65, five: 85 });
    }
  });
  it.each([
    ['2025-2026', 2025],
    ['2025–2026', 2025],
    ['2025/2026', 2025],
    ['2025', 2025],
    ['2025-2027', null],
    ['25-26', null],
    ['abc', null],
  ])('parseAcademicYear(%s) = %s', (text, year) => {
    expect(parseAcademicYear(text)).toBe(year);
  });
});
