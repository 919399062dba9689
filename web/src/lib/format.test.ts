import { describe, expect, it } from 'vitest';
import { formatDate, formatTime } from './format.js';

describe('formatDate', () => {
  it('uses the Kazakhstan calendar date, not the UTC one', () => {
    // 20:30 UTC on 31 August is already 1 September in Kazakhstan (UTC+5).
    expect(formatDate('2026-08-31T20:30:00Z', 'kk')).toBe('01.09.2026');
    expect(formatDate('2026-08-31T20:30:00Z', 'ru')).toBe('01.09.2026');
    expect(formatDate('2026-08-31T20:30:00Z', 'en')).toMatch(/^1 Sept? 2026$/);
  });

  it('gives back what it cannot read', () => {
    expect(formatDate('not a date', 'ru')).toBe('not a date');
  });
});

describe('formatTime', () => {
  it('gives the time of day in Kazakhstan, 24-hour', () => {
    expect(formatTime('2026-11-26T15:05:00Z')).toBe('20:05');
    expect(formatTime('2026-11-26T19:30:00Z')).toBe('00:30');
    expect(formatTime('nope')).toBe('nope');
  });
});
