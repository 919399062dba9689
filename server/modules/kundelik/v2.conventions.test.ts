import { describe, expect, it } from 'vitest';
import { idList, ids, parseV2Date, v2DateTime } from './v2.conventions.js';

describe('v2 conventions', () => {
  it('writes every id with its string twin', () => {
    expect(ids({ id: 5, person: '7', lesson: null })).toEqual({
      id: 5,
      id_str: '5',
      person: 7,
      person_str: '7',
      lesson: null,
      lesson_str: null,
    });
    expect(idList('teachers', [1, 2])).toEqual({ teachers: [1, 2], teachers_str: ['1', '2'] });
  });

  it('parses every date format the clients send', () => {
    expect(parseV2Date('2024-09-02')).toEqual({ day: '2024-09-02', time: null });
    expect(parseV2Date('2024-09-02T08:30')).toEqual({ day: '2024-09-02', time: '08:30:00' });
    expect(parseV2Date('2024-09-02T08:30:15.123')).toEqual({ day: '2024-09-02', time: '08:30:15' });
    expect(parseV2Date('2024-09-02 00:00:00.000000')).toEqual({ day: '2024-09-02', time: '00:00:00' });
    expect(parseV2Date('2024-09-02+00:00:00')).toEqual({ day: '2024-09-02', time: '00:00:00' });
    // 19:00Z is midnight of the next day in Almaty (UTC+5)
    expect(parseV2Date('2024-09-01T19:00:00.000Z')).toEqual({ day: '2024-09-02', time: '00:00:00' });
    expect(parseV2Date('2024-09-02T08:30:00+05:00')).toEqual({ day: '2024-09-02', time: '08:30:00' });
    expect(parseV2Date('2024-02-30')).toBeNull();
    expect(parseV2Date('2024-09-02T25:00')).toBeNull();
    expect(parseV2Date('yesterday')).toBeNull();
  });

  it('emits local time without a zone', () => {
    expect(v2DateTime('2024-09-02')).toBe('2024-09-02T00:00:00');
    expect(v2DateTime('2024-09-02', '08:30')).toBe('2024-09-02T08:30:00');
    expect(v2DateTime(new Date('2024-09-02T03:30:00Z'))).toBe('2024-09-02T08:30:00');
  });
});
