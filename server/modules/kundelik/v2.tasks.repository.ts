import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import { V2_TASK_PUPIL_SLOTS } from './v2.ids.js';

/**
 * Who a homework's Tasks belong to (kundelik-v2-api.md §1.7: one Task per pupil and homework). We keep no task
 * rows: the pupils are those enrolled in the homework lesson's class on the lesson's day (and, for a sub-group
 * lesson, members of that sub-group); the status is the pupil's diary tick (homework_done). Two statements for
 * any number of homework.
 */

export interface TaskHomework {
  id: number;
  classId: number;
  subgroupId: number | null;
  lessonDate: string;
}

/**
 * The pupils of each homework (homework id → person ids, ascending). `personIds` narrows to some pupils,
 * `slot` to those whose id mod 2^20 is that (a task id's low part, v2.ids.ts). One statement.
 */
export async function homeworkPupils(
  db: Database,
  schoolId: number,
  hws: TaskHomework[],
  f: { personIds?: number[]; slot?: number } = {},
): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (hws.length === 0 || (f.personIds && f.personIds.length === 0)) return out;
  const dates = hws.map((h) => h.lessonDate).sort();
  const subgroups = [...new Set(hws.flatMap((h) => (h.subgroupId === null ? [] : [h.subgroupId])))];
  let q = db
    .selectFrom('classEnrollments as e')
    .leftJoin('subgroupMembers as sm', (j) =>
      j
        .onRef('sm.schoolId', '=', 'e.schoolId')
        .onRef('sm.studentPersonId', '=', 'e.studentPersonId')
        .on('sm.subgroupId', 'in', subgroups.length ? subgroups : [0]),
    )
    .where('e.schoolId', '=', schoolId)
    .where('e.classId', 'in', [...new Set(hws.map((h) => h.classId))])
    .where('e.startsOn', '<=', dates.at(-1)!)
    .where((w) => w.or([w('e.endsOn', 'is', null), w('e.endsOn', '>=', dates[0]!)]))
    // An enrolment entered by mistake never made its pupil a member of the class.
    .where((w) => w.or([w('e.endReason', 'is', null), w('e.endReason', '!=', 'data_error')]));
  if (f.personIds) q = q.where('e.studentPersonId', 'in', f.personIds);
  if (f.slot !== undefined) q = q.where(sql<number>`e.student_person_id % ${V2_TASK_PUPIL_SLOTS}`, '=', f.slot);
  const rows = await q
    .select([
      'e.classId',
      'e.studentPersonId',
      sql<string>`to_char(e.starts_on, 'YYYY-MM-DD')`.as('startsOn'),
      sql<string | null>`to_char(e.ends_on, 'YYYY-MM-DD')`.as('endsOn'),
      'sm.subgroupId',
    ])
    .execute();
  for (const h of hws) {
    const pupils = new Set<number>();
    for (const r of rows) {
      if (Number(r.classId) !== h.classId || r.startsOn > h.lessonDate) continue;
      if (r.endsOn !== null && r.endsOn < h.lessonDate) continue;
      if (h.subgroupId !== null && Number(r.subgroupId) !== h.subgroupId) continue;
      pupils.add(Number(r.studentPersonId));
    }
    out.set(
      h.id,
      [...pupils].sort((a, b) => a - b),
    );
  }
  return out;
}

/** The "done" ticks of some pupils on some homework, as `homework:person` keys. One statement. */
export async function doneTicks(db: Database, schoolId: number, homeworkIds: number[], personIds: number[]) {
  if (homeworkIds.length === 0 || personIds.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('homeworkDone')
    .where('schoolId', '=', schoolId)
    .where('homeworkId', 'in', homeworkIds)
    .where('studentPersonId', 'in', personIds)
    .select(['homeworkId', 'studentPersonId'])
    .execute();
  return new Set(rows.map((r) => `${r.homeworkId}:${r.studentPersonId}`));
}
