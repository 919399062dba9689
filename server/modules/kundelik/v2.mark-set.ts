import type { MarkSet } from '../journal/marks-result.js';
import type { MarkRow } from './v2.marks.repository.js';

/** A pupil's marks in one assignment before any is read (the engine's input, marks-result.ts). */
export const NO_MARKS = (): MarkSet => ({ fo: [], sor: [], soch: null, passFail: [], exempt: false });

/**
 * What the engine takes of one pupil's marks in one assignment for one period (the journal's reading,
 * mark-aggregates.repository.ts): ФО points of the period's lessons, each СОр score with its maximum, the latest
 * СОч (or «missed» for an н/а on it), зачёт/незачёт in order, exempt.
 */
export function addMark(x: MarkSet, r: MarkRow) {
  if (r.kind === 'fo' && r.value !== null) x.fo.push(r.value);
  else if (r.kind === 'score' && r.score !== null && r.maxScore !== null) {
    const s = { score: Number(r.score), max: r.maxScore };
    if (r.workKind === 'soch') x.soch = s;
    else x.sor.push(s);
  } else if (r.kind === 'pass_fail' && (r.status === 'pass' || r.status === 'fail')) x.passFail.push(r.status);
  else if (r.status === 'exempt') x.exempt = true;
  else if (r.status === 'na' && r.workKind === 'soch' && x.soch === null) x.soch = 'missed';
}
