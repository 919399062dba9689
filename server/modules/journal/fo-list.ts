/**
 * A list of ФО points with the given count, sum, smallest and largest value. The engine reads ФО only through
 * their count and sum (compute.ts foPercent and the pooled-with-fo variant) and checks each is a whole point
 * within the scale (validate.ts checkFo) — which depends on the smallest and largest alone — so this list gives
 * the very result the stored marks give, bit for bit (sums of whole numbers are exact), while the database sends
 * one row per student and subject instead of every mark (issue 6 §3: term grades of a school ≤ 1 s).
 */
export function foList(count: number, sum: number, min: number | null, max: number | null): number[] {
  if (count === 0 || min === null || max === null) return [];
  if (count === 1) return [min];
  const rest = count - 2;
  const remaining = sum - min - max;
  const out = [min, max];
  if (rest === 0) return out;
  const base = Math.floor(remaining / rest);
  const extra = remaining - base * rest;
  for (let i = 0; i < rest; i++) out.push(i < extra ? base + 1 : base);
  return out;
}
