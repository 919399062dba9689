import { describe, expect, it } from 'vitest';
import { localDate } from './clock.js';

describe('localDate', () => {
  it('is the Kazakhstan date (UTC+5), also when the instant jumps back and forth across midnight', () => {
    const at = (iso: string) => localDate(new Date(iso));
    expect(at('2026-10-01T18:59:59.999Z')).toBe('2026-10-01');
    expect(at('2026-10-01T19:00:00.000Z')).toBe('2026-10-02');
    expect(at('2026-10-01T18:59:30.000Z')).toBe('2026-10-01');
    expect(at('2026-10-01T19:00:30.000Z')).toBe('2026-10-02');
    expect(at('2027-03-01T00:00:00.000Z')).toBe('2027-03-01');
    expect(at('2026-10-01T18:59:00.000Z')).toBe('2026-10-01');
  });
});
