import { describe, expect, it } from 'vitest';
import { KZ_2020, type Score } from './index.js';
import { type SochNeeded, sochNeeded } from './projection.js';

const s = (score: number, max: number): Score => ({ score, max });

/**
 * Every row is worked by hand with the 2020 weights (ФО 25 %, СОр 25 %, СОч 50 %) and the scale 40 / 65 / 85 on
 * the half-up rounded percentage (§1.6): "k" is what ФО and СОр already bring; the СОч adds 50 % × score / max.
 */
const rows: Array<{ name: string; fo: number[]; sor: Score[]; max: number; want: SochNeeded }> = [
  {
    // k = 25·0.8 + 25·0.75 = 38.75. «3»: 38.75 + 50·1/40 = 40.0; «4»: 21/40 → 65.0 (20/40 → 63.75 → 64);
    // «5»: 37/40 → 85.0 (36/40 → 83.75 → 84).
    name: 'ФО 8, 8 and СОр 15/20, СОч out of 40',
    fo: [8, 8],
    sor: [s(15, 20)],
    max: 40,
    want: { 3: 1, 4: 21, 5: 37 },
  },
  {
    // k = 25 + 25 = 50 → «3» even with 0; «4»: 12/40 → 50 + 15 = 65; «5»: 28/40 → 50 + 35 = 85 (27 → 83.75).
    name: '«3» already reached',
    fo: [10, 10, 10],
    sor: [s(20, 20)],
    max: 40,
    want: { 3: 0, 4: 12, 5: 28 },
  },
  {
    // k = 25·0.2 = 5; full marks give 55 → «4» and «5» are out of reach; «3»: 28/40 → 5 + 35 = 40 (27 → 38.75).
    name: 'out of reach',
    fo: [2, 2],
    sor: [s(0, 20)],
    max: 40,
    want: { 3: 28, 4: null, 5: null },
  },
  {
    // Only the СОч counts (weights renormalised to 100 %): 79/200 = 39.5 → 40 «3»; 129/200 = 64.5 → 65 «4»
    // (128 → 64 «3»); 169/200 = 84.5 → 85 «5». The half-up rounding at the end decides each boundary.
    name: 'nothing yet, exact .5 boundaries',
    fo: [],
    sor: [],
    max: 100,
    want: { 3: 40, 4: 65, 5: 85 },
  },
];

describe('sochNeeded', () => {
  for (const r of rows) {
    it(r.name, () => {
      expect(sochNeeded({ policy: KZ_2020, fo: r.fo, sor: r.sor, max: r.max })).toEqual(r.want);
    });
  }
  it('rounds once at the end: 39.5 % reaches «3»', () => {
    // k = 25·0.5 + 25·0.5 = 25; 50·x/max ≥ 14.5 → x/20 ≥ 0.29 → 5.8 → 6 (6/20 → 25 + 15 = 40).
    // With max 200: x ≥ 58 exactly gives 39.5 → 40.
    expect(sochNeeded({ policy: KZ_2020, fo: [5], sor: [s(5, 10)], max: 200 })[3]).toBe(58);
    expect(sochNeeded({ policy: KZ_2020, fo: [5], sor: [s(5, 10)], max: 20 })[3]).toBe(6);
  });
});
