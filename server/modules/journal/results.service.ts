import type { JournalResults } from '@common/schemas/journal-results.js';
import type { AppDeps } from '../../deps.js';
import type { Actor } from '../auth/actor.js';
import { journalAccess } from './journal.access.js';
import { assessmentModeOf } from './journal.presenter.js';
import { gridStudents, listPeriods } from './journal.repository.js';

/**
 * The results of one assignment for the year: each period's fixed term grade (only a closed period has one) and
 * the fixed year grade. Read-only — term and year grades are never edited, only recomputed by a close. Four
 * statements whatever the class size.
 */
export async function journalResults(deps: AppDeps, actor: Actor, assignmentId: number): Promise<JournalResults> {
  const access = await journalAccess(deps.db, actor, assignmentId, 'read');
  const a = access.assignment;
  const schoolId = access.school.id;
  const periodKind = assessmentModeOf(a).periodKind;
  const periods = await listPeriods(deps.db, schoolId, a.yearId, periodKind, a.classId);
  if (periods.length === 0) return { periodKind, periods: [], students: [] };
  const closedIds = periods.filter((p) => p.closed).map((p) => p.id);
  const [students, terms, years] = await Promise.all([
    gridStudents(deps.db, schoolId, a, periods[0]!.startsOn, periods.at(-1)!.endsOn),
    closedIds.length === 0
      ? Promise.resolve([])
      : deps.db
          .selectFrom('termGrades')
          .where('schoolId', '=', schoolId)
          .where('assignmentId', '=', a.id)
          .where('periodId', 'in', closedIds)
          .select(['periodId', 'studentPersonId', 'grade', 'status'])
          .execute(),
    deps.db
      .selectFrom('yearGrades')
      .where('schoolId', '=', schoolId)
      .where('assignmentId', '=', a.id)
      .select(['studentPersonId', 'grade', 'status'])
      .execute(),
  ]);
  const term = new Map(terms.map((r) => [`${r.periodId}:${r.studentPersonId}`, r]));
  const year = new Map(years.map((r) => [r.studentPersonId, r]));
  const seen = new Set<number>();
  return {
    periodKind,
    periods,
    students: students.flatMap((s) => {
      // A pupil re-enrolled within the year is one row.
      if (seen.has(s.id)) return [];
      seen.add(s.id);
      const y = year.get(s.id);
      return [
        {
          id: s.id,
          name: `${s.surname} ${s.firstName}`,
          terms: periods.map((p) => {
            const r = term.get(`${p.id}:${s.id}`);
            return r ? { grade: r.grade, status: r.status } : null;
          }),
          year: y ? { grade: y.grade, status: y.status } : null,
        },
      ];
    }),
  };
}
