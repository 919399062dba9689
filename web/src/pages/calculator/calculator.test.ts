import { describe, expect, it } from 'vitest';
import { type CalculatorForm, calculate, calculateYear, currentAcademicYear, formatNumber } from './calculator.js';

/** The calculator page's form → engine mapping (the numbers themselves are tested in common/assessment). */
const base: CalculatorForm = {
  year: 2025,
  gradeLevel: 5,
  variant: 'pooled',
  hasSoch: true,
  fo: '10, 10 10,10',
  sor: [
    { score: '3', max: '10' },
    { score: '20', max: '20' },
    { score: '', max: '' },
  ],
  sochMode: 'score',
  soch: { score: '84', max: '100' },
};

describe('calculator form', () => {
  it('computes the issue example (kz-school-rules §1.6: 86.17 % → «5»), ignoring an empty row', () => {
    const { result, errors } = calculate(base);
    expect(errors).toEqual({ sor: {} });
    expect(result?.percent).toBeCloseTo(86.1667, 4);
    expect(result?.grade).toBe(5);
  });

  it('accepts a decimal comma in scores', () => {
    const { result } = calculate({ ...base, sor: [{ score: '7,5', max: '10' }] });
    expect(result?.parts.sor?.percent).toBe(75);
  });

  it('marks the field in error and computes nothing', () => {
    expect(calculate({ ...base, fo: '10, 11' })).toEqual({ result: null, errors: { fo: 'fo_out_of_range', sor: {} } });
    expect(calculate({ ...base, sor: [{ score: '12', max: '10' }] }).errors.sor).toEqual({ 0: 'score_invalid' });
    expect(calculate({ ...base, sor: [{ score: '3', max: '' }] }).errors.sor).toEqual({ 0: 'malformed' });
    expect(calculate({ ...base, soch: { score: '3', max: '0' } }).errors.soch).toBe('max_invalid');
  });

  it('maps the СОч modes and the half-year switch', () => {
    expect(calculate({ ...base, sochMode: 'missed' }).result?.grade).toBe('na');
    expect(calculate({ ...base, sochMode: 'pending' }).result?.status).toBe('provisional');
    expect(calculate({ ...base, hasSoch: false, sochMode: 'missed' }).result?.status).toBe('graded');
    expect(calculate({ ...base, gradeLevel: 1 }).result?.status).toBe('ungraded');
  });

  it('computes a year grade from a list (§1.7: 3.5 → 4)', () => {
    expect(calculateYear('')).toBeNull();
    expect(calculateYear('4, 3, 4, 3')).toEqual({ grade: 4 });
    expect(calculateYear('5 6')).toEqual({ grade: null, error: 'malformed' });
  });

  it('knows the academic year from the date (September starts it) and formats like the UI language', () => {
    expect(currentAcademicYear(new Date(2026, 10, 26))).toBe(2026);
    expect(currentAcademicYear(new Date(2027, 4, 25))).toBe(2026);
    expect(formatNumber(86.16666, 'en')).toBe('86.17');
    expect(formatNumber(86.16666, 'kk')).toBe('86,17');
  });
});
