import type { MarkValue } from '@common/schemas/journal.js';
import { AppError, unprocessable } from '../../errors.js';
import type { MarkWrite } from './cells.repository.js';
import { markValue } from './journal.presenter.js';
import type { MarkRow } from './journal.repository.js';

/** What a mark cell's value means (cells.service.ts): its column's kind, equality with the stored mark, audit form. */

/** What a value means in its column (§1.2–1.5); anything else is a precise 422. */
export function toMark(
  value: MarkValue,
  column: { lesson: true } | { lesson: false; maxScore: number },
  mode: 'graded' | 'pass_fail' | 'ungraded',
): MarkWrite {
  if (value === 'exempt' || value === 'na') return { kind: 'status', value: null, score: null, status: value };
  if (mode === 'ungraded') throw unprocessable('journal.ungraded');
  if (value === 'pass' || value === 'fail') {
    if (mode !== 'pass_fail' || !column.lesson) throw unprocessable('journal.passFailOnly');
    return { kind: 'pass_fail', value: null, score: null, status: value };
  }
  if (column.lesson) {
    if (mode === 'pass_fail') throw unprocessable('journal.passFailOnly');
    if (!Number.isInteger(value) || value < 1 || value > 10) throw unprocessable('journal.foRange');
    return { kind: 'fo', value, score: null, status: null };
  }
  if (value < 0 || value > column.maxScore || Math.round(value * 100) !== value * 100) {
    throw new AppError(422, 'journal.scoreRange', { max: column.maxScore });
  }
  return { kind: 'score', value: null, score: value, status: null };
}

export const sameMark = (m: MarkRow, w: MarkWrite) =>
  m.kind === w.kind &&
  m.value === w.value &&
  m.status === w.status &&
  (w.score === null ? m.score === null : Number(m.score) === w.score);

export function markAudit(m: Pick<MarkRow, 'kind' | 'value' | 'score' | 'status' | 'comment'>) {
  return { value: markValue(m), comment: m.comment };
}
