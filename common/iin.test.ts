import { describe, expect, it } from 'vitest';
import { iinCheckDigit, isValidIin, maskIin, parseIin } from './iin.js';

describe('IIN', () => {
  it('accepts the reference vectors and reads birth date and sex from them', () => {
    expect(parseIin('061211600012')).toEqual({ birthDate: '2006-12-11', gender: 'female' });
    expect(parseIin('950101300125')).toEqual({ birthDate: '1995-01-01', gender: 'male' });
  });
  it('finds no check digit for a prefix whose both passes give 10', () => {
    expect(iinCheckDigit([...'08031550000'].map(Number))).toBeNull();
    for (let k = 0; k <= 9; k++) expect(isValidIin(`08031550000${k}`)).toBe(false);
  });
  it('rejects a wrong check digit, a bad date, a bad century digit and non-digits', () => {
    expect(isValidIin('061211600013')).toBe(false);
    expect(isValidIin('061311600012')).toBe(false); // month 13
    expect(isValidIin('abcdefghijkl')).toBe(false);
    expect(isValidIin('06121160001')).toBe(false);
    // century digit 7 is not a person's IIN even though the check digit matches
    expect(iinCheckDigit([...'06121170001'].map(Number))).toBe(6);
    expect(isValidIin('061211700016')).toBe(false);
  });
  it('rejects 29 February outside leap years', () => {
    expect(iinCheckDigit([...'07022950000'].map(Number))).toBe(0);
    expect(isValidIin('070229500000')).toBe(false);
    expect(parseIin('080229500002')?.birthDate).toBe('2008-02-29');
  });
  it('masks everything but the last four digits', () => {
    expect(maskIin('061211600012')).toBe('********0012');
  });
});
