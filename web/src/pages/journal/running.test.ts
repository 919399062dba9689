import { policyFor } from '@common/assessment/index.js';
import type { JournalGrid, Mark, WorkColumn } from '@common/schemas/journal.js';
import { describe, expect, test } from 'vitest';
import { runningResult, startYearOf } from './running.js';

const grid = (mode: 'graded' | 'pass_fail' | 'ungraded', grade = 5, hasTermSummative = true) =>
  ({
    assessmentMode: { mode, hasTermSummative, periodKind: 'quarter' },
    assignment: { grade },
  }) as unknown as Pick<JournalGrid, 'assessmentMode' | 'assignment'>;

let id = 0;
const mark = (value: Mark['value'], at: { lessonId?: number; workId?: number }): Mark => ({
  id: ++id,
  studentId: 1,
  lessonId: at.lessonId ?? null,
  workId: at.workId ?? null,
  kind: typeof value === 'number' ? (at.lessonId ? 'fo' : 'score') : 'status',
  value,
  comment: null,
  version: 1,
  changed: false,
});
const work = (wid: number, kind: 'sor' | 'soch', maxScore: number): WorkColumn => ({
  id: wid,
  kind,
  title: 'x',
  maxScore,
  date: '2025-10-10',
  lessonId: null,
  overridden: false,
});
const works = new Map([
  [1, work(1, 'sor', 10)],
  [2, work(2, 'sor', 20)],
  [3, work(3, 'soch', 100)],
]);
const policy = policyFor(2025);
const order = new Map([
  [10, 0],
  [11, 1],
]);

describe('running result', () => {
  test('the academic start year', () => {
    expect(startYearOf('2025-10-01')).toBe(2025);
    expect(startYearOf('2026-03-01')).toBe(2025);
  });

  test('§1.6 worked example (variant A): 86.17 → «5»', () => {
    const marks = [
      ...[10, 10, 10, 10].map((v, i) => mark(v, { lessonId: 100 + i })),
      mark(3, { workId: 1 }),
      mark(20, { workId: 2 }),
      mark(84, { workId: 3 }),
    ];
    const r = runningResult(grid('graded'), policy, works, order, marks);
    expect(r.kind).toBe('graded');
    if (r.kind !== 'graded') return;
    expect(r.result.percent).toBeCloseTo(86.1667, 3);
    expect(r.result.grade).toBe(5);
  });

  test('«н/а» on the СОч → not attested; exempt → no grade', () => {
    const na = runningResult(grid('graded'), policy, works, order, [
      mark(8, { lessonId: 100 }),
      mark('na', { workId: 3 }),
    ]);
    expect(na.kind === 'graded' && na.result.grade).toBe('na');
    const ex = runningResult(grid('graded'), policy, works, order, [mark('exempt', { lessonId: 100 })]);
    expect(ex.kind === 'graded' && ex.result.status).toBe('exempt');
  });

  test('pass/fail takes the latest mark by lesson order; grade 1 and ungraded subjects have none', () => {
    const pf = runningResult(grid('pass_fail'), policy, works, order, [
      mark('pass', { lessonId: 11 }),
      mark('fail', { lessonId: 10 }),
    ]);
    expect(pf.kind === 'passFail' && pf.result.result).toBe('pass');
    expect(runningResult(grid('ungraded'), policy, works, order, []).kind).toBe('ungraded');
    const first = runningResult(grid('graded', 1), policy, works, order, [mark(9, { lessonId: 10 })]);
    expect(first.kind === 'graded' && first.result.grade).toBe(null);
  });

  test('a score above a lowered maximum gives no running grade instead of an error', () => {
    const r = runningResult(grid('graded'), policy, works, order, [mark(15, { workId: 1 })]);
    expect(r.kind).toBe('ungraded');
  });
});
