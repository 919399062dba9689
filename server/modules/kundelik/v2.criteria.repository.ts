import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

/**
 * The criteria-marks sections (kundelik-v2-api.md §1.10 "Kazakhstan criteria-based assessment"): our summative
 * works — an СОр per unit, an СОч per term — with the class × subject × sub-group and the period they count in.
 * One statement.
 */
export interface SectionFilter {
  schoolId: number;
  /** A class edu-group: every work of the class (its sub-groups' too). */
  classId?: number;
  /** A sub-group edu-group: its assignments' works only. */
  subgroupId?: number;
  subjectId?: number;
  periodIds?: number[];
  workIds?: number[];
}

export async function sectionRows(db: Database, f: SectionFilter) {
  let q = db
    .selectFrom('assessmentWorks as w')
    .innerJoin('teachingAssignments as ta', (j) =>
      j.onRef('ta.schoolId', '=', 'w.schoolId').onRef('ta.id', '=', 'w.assignmentId'),
    )
    .where('w.schoolId', '=', f.schoolId)
    .where('w.deletedAt', 'is', null);
  if (f.classId !== undefined) q = q.where('ta.classId', '=', f.classId);
  if (f.subgroupId !== undefined) q = q.where('ta.subgroupId', '=', f.subgroupId);
  if (f.subjectId !== undefined) q = q.where('ta.subjectId', '=', f.subjectId);
  if (f.periodIds) q = q.where('w.periodId', 'in', f.periodIds.length ? f.periodIds : [0]);
  if (f.workIds) q = q.where('w.id', 'in', f.workIds.length ? f.workIds : [0]);
  const rows = await q
    .select([
      'w.id',
      'w.kind',
      'w.title',
      'w.maxScore',
      'w.periodId',
      'w.assignmentId',
      sql<string>`to_char(w.date, 'YYYY-MM-DD')`.as('date'),
      'ta.classId',
      'ta.subgroupId',
      'ta.subjectId',
    ])
    .orderBy('w.date')
    .orderBy('w.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    periodId: Number(r.periodId),
    assignmentId: Number(r.assignmentId),
    classId: Number(r.classId),
    subgroupId: r.subgroupId === null ? null : Number(r.subgroupId),
    subjectId: Number(r.subjectId),
  }));
}
export type SectionRow = Awaited<ReturnType<typeof sectionRows>>[number];
