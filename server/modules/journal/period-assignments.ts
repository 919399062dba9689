import type { Database } from '../../db/client.js';
import { assessmentModeOf } from './journal.presenter.js';
import { type AssignmentRow, listAssignments } from './journal.repository.js';

export interface PeriodRef {
  id: number;
  yearId: number;
  kind: string;
  startsOn: string;
  endsOn: string;
}

export async function findPeriod(db: Database, schoolId: number, periodId: number): Promise<PeriodRef> {
  return db
    .selectFrom('academicPeriods')
    .where('schoolId', '=', schoolId)
    .where('id', '=', periodId)
    .select(['id', 'yearId', 'kind', 'startsOn', 'endsOn'])
    .executeTakeFirstOrThrow();
}

/**
 * The assignments graded per this period's kind (a half-year subject has no quarter result), optionally of one class
 * or of some classes.
 */
export async function periodAssignments(
  db: Database,
  schoolId: number,
  period: PeriodRef,
  classIds: number[] | null,
): Promise<AssignmentRow[]> {
  const all = await listAssignments(db, schoolId, 0, {
    all: true,
    ...(classIds !== null && classIds.length === 1 ? { classId: classIds[0]! } : {}),
  });
  return all.filter(
    (a) =>
      a.yearId === period.yearId &&
      assessmentModeOf(a).periodKind === period.kind &&
      (classIds === null || classIds.includes(a.classId)),
  );
}

/** What the engine needs of an assignment (the reports and statistics read no more than this). */
export type EngineAssignment = Pick<
  AssignmentRow,
  'id' | 'classId' | 'subjectId' | 'subgroupId' | 'grade' | 'mode' | 'hasTermSummative' | 'periodKind'
>;
