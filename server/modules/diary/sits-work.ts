import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * Whether a student sits an assignment's work — the one condition behind every diary read of "the student's own
 * works" (diary.repository.ts studentWorks, distribution.repository.ts studentWork), so the list of works and a
 * single work's class distribution can never disagree about which works are the student's.
 */

type AssignmentEb = ExpressionBuilder<DB & { ta: DB['teachingAssignments'] }, 'ta'>;
type WorkEb = ExpressionBuilder<DB & { w: DB['assessmentWorks']; ta: DB['teachingAssignments'] }, 'w' | 'ta'>;

/**
 * The student is in the assignment's group: a whole-class assignment, or a sub-group they are a member of.
 * `studentId` is only compared (it may be a fixedQuery placeholder).
 */
export function inAssignmentGroup(eb: AssignmentEb, studentId: number) {
  return eb.or([
    eb('ta.subgroupId', 'is', null),
    eb.exists(
      eb
        .selectFrom('subgroupMembers as sgm')
        .whereRef('sgm.schoolId', '=', 'ta.schoolId')
        .whereRef('sgm.subgroupId', '=', 'ta.subgroupId')
        .where('sgm.studentPersonId', '=', studentId)
        .select('sgm.subgroupId'),
    ),
  ]);
}

/**
 * The student sits work `w` of assignment `ta`: enrolled in the assignment's class on the work's date (not today —
 * a pupil who moved class keeps the works they sat) and in its group.
 */
export function sitsWork(eb: WorkEb, studentId: number) {
  return eb.and([
    eb.exists(
      eb
        .selectFrom('classEnrollments as e')
        .whereRef('e.schoolId', '=', 'ta.schoolId')
        .whereRef('e.classId', '=', 'ta.classId')
        .where('e.studentPersonId', '=', studentId)
        .whereRef('e.startsOn', '<=', 'w.date')
        .where((x) => x.or([x('e.endsOn', 'is', null), x('e.endsOn', '>=', x.ref('w.date'))]))
        .select('e.id'),
    ),
    inAssignmentGroup(eb, studentId),
  ]);
}
