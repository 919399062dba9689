import { KZ_2016, KZ_2020 } from '@common/assessment/index.js';
import { describe, expect, it } from 'vitest';
import { foList } from './fo-list.js';
import { type MarkSet, resultOfMarks } from './marks-result.js';

/**
 * The database sends the engine each student's ФО as count, sum, smallest and largest (term-results markAggregates);
 * foList turns that back into a list. Whatever the marks, the engine must answer exactly as over the stored marks —
 * every variant, with and without СОч, running or at the close, and refusing the same out-of-range values.
 */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const summary = (fo: number[]) =>
  foList(
    fo.length,
    fo.reduce((s, v) => s + v, 0),
    fo.length ? Math.min(...fo) : null,
    fo.length ? Math.max(...fo) : null,
  );

describe('foList', () => {
  it('keeps count, sum, smallest and largest', () => {
    for (const fo of [[], [7], [3, 9], [10, 1, 5, 5, 8], [2, 2, 2, 3, 9, 9, 9]]) {
      const out = summary(fo);
      expect(out).toHaveLength(fo.length);
      expect(out.reduce((s, v) => s + v, 0)).toBe(fo.reduce((s, v) => s + v, 0));
      if (fo.length) {
        expect(Math.min(...out)).toBe(Math.min(...fo));
        expect(Math.max(...out)).toBe(Math.max(...fo));
      }
    }
  });

  it('gives the engine the very result the stored marks give, bit for bit', () => {
    const next = rng(42);
    const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
    const policies = [
      KZ_2020,
      KZ_2016,
      { ...KZ_2020, sorAggregation: 'mean' as const },
      { ...KZ_2020, sorAggregation: 'pooled-with-fo' as const },
    ];
    let compared = 0;
    for (let i = 0; i < 4000; i++) {
      // Mostly 1..10; now and then a value the engine refuses (0 or 11), as a bad import could store.
      const fo = Array.from({ length: int(0, 14) }, () => (next() < 0.02 ? (next() < 0.5 ? 0 : 11) : int(1, 10)));
      const sor = Array.from({ length: int(0, 3) }, () => {
        const max = int(5, 30);
        return { score: int(0, max * 2) / 2, max };
      });
      const r = next();
      const soch: MarkSet['soch'] = r < 0.4 ? null : r < 0.5 ? 'missed' : { score: int(0, 40) / 2, max: 20 };
      const set: MarkSet = { fo, sor, soch, passFail: [], exempt: next() < 0.03 };
      const mode = { mode: 'graded' as const, hasTermSummative: next() < 0.7 };
      const policy = policies[i % policies.length]!;
      const atClose = next() < 0.5;
      const stored = resultOfMarks(set, mode, 7, policy, atClose);
      const summed = resultOfMarks({ ...set, fo: summary(fo) }, mode, 7, policy, atClose);
      expect(summed).toEqual(stored);
      compared++;
    }
    expect(compared).toBe(4000);
  });
});
