import { addDays } from '@common/calendar.js';
import type { Database } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import { assertYearOpen } from '../school-year/school-year.queries.js';

export interface EnrollResult {
  /** Newly placed in the class (including those moved here from another class). */
  enrolled: number[];
  /** Among `enrolled`: who came from another class of the same year, and from which. */
  moved: Array<{ personId: number; fromClassId: number }>;
  /** Already in the class: nothing changed. */
  unchanged: number[];
}

/**
 * Puts students into a class from `startsOn`, inside the caller's transaction (the import calls it too), in a
 * fixed number of statements whatever the number of students.
 *
 * - Each person must be a current student of the school (a student membership not ended by `startsOn`,
 *   profile not deleted); otherwise nothing is written (422 `classes.notStudent`, with the ids in `personIds`).
 * - A student already in another class of that year is moved: the old row ends the day before with reason
 *   'moved' (history stays), or is deleted when it would only start on `startsOn` or later (it never took
 *   effect). A student already in this class is left alone.
 * - Moves already planned past `startsOn` (rows ended 'moved' on a later day) are re-planned the same way. A
 *   departure recorded for a later day (left the school, entered by mistake) is refused instead
 *   (422 `classes.enrollmentOverlap`) rather than rewritten behind the administrator's back.
 * - One audit row per student changed (`class.enrolled`), written in one statement.
 */
export async function enrollStudents(
  trx: Database,
  schoolId: number,
  yearId: number,
  classId: number,
  personIds: readonly number[],
  startsOn: string,
  origin: AuditOrigin,
): Promise<EnrollResult> {
  const year = await assertYearOpen(trx, schoolId, yearId);
  const cls = await trx
    .selectFrom('classes')
    .where('schoolId', '=', schoolId)
    .where('id', '=', classId)
    .where('yearId', '=', yearId)
    .select(['id', 'grade', 'letter'])
    .executeTakeFirst();
  if (!cls) throw notFound();
  if (startsOn < year.startsOn || startsOn > year.endsOn) {
    throw new AppError(422, 'classes.dateOutsideYear', { startsOn: year.startsOn, endsOn: year.endsOn });
  }
  const ids = [...new Set(personIds)];
  const result: EnrollResult = { enrolled: [], moved: [], unchanged: [] };
  if (ids.length === 0) return result;

  // The person rows serialise two enrolments of the same student (the open-enrolment unique index would
  // otherwise turn the loser into a 500). NO KEY UPDATE does not block rows referencing the person.
  const students = await trx
    .selectFrom('persons as p')
    .where('p.id', 'in', ids)
    .where('p.deletedAt', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m')
          .whereRef('m.personId', '=', 'p.id')
          .where('m.institutionId', '=', schoolId)
          .where('m.profile', '=', 'student')
          .where((w) => w.or([w('m.endsOn', 'is', null), w('m.endsOn', '>', startsOn)]))
          .select('m.id'),
      ),
    )
    .select('p.id')
    .forNoKeyUpdate()
    .execute();
  const found = new Set(students.map((s) => s.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError(422, 'classes.notStudent', { count: missing.length }, { personIds: missing });
  }

  // Every row of that year still running on `startsOn`: the open one, and planned moves ending later.
  const existing = await trx
    .selectFrom('classEnrollments')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .where('studentPersonId', 'in', ids)
    .where((eb) => eb.or([eb('endsOn', 'is', null), eb('endsOn', '>=', startsOn)]))
    .select(['id', 'classId', 'studentPersonId', 'startsOn', 'endsOn', 'endReason'])
    .forUpdate()
    .execute();
  // A move is re-planned freely; a recorded departure (left the school, entered by mistake) is history.
  const overlapping = existing.filter((e) => e.endsOn !== null && e.endReason !== 'moved');
  if (overlapping.length > 0) {
    throw new AppError(422, 'classes.enrollmentOverlap', {
      count: new Set(overlapping.map((e) => e.studentPersonId)).size,
    });
  }
  const rowsOf = new Map<number, typeof existing>();
  for (const e of existing) rowsOf.set(e.studentPersonId, [...(rowsOf.get(e.studentPersonId) ?? []), e]);
  const toDelete: number[] = [];
  const toEnd: number[] = [];
  for (const id of ids) {
    const rows = rowsOf.get(id) ?? [];
    const open = rows.find((e) => e.endsOn === null);
    if (open && open.classId === classId && open.startsOn <= startsOn) {
      result.unchanged.push(id);
      continue;
    }
    const covering = rows.find((e) => e.startsOn <= startsOn);
    // Rows from `startsOn` on never take effect; the one running on that day ends the day before.
    for (const e of rows) (e.startsOn >= startsOn ? toDelete : toEnd).push(e.id);
    if (covering && covering.classId !== classId) result.moved.push({ personId: id, fromClassId: covering.classId });
    result.enrolled.push(id);
  }
  if (result.enrolled.length === 0) return result;

  const dayBefore = addDays(startsOn, -1);
  if (toDelete.length > 0) {
    await trx.deleteFrom('classEnrollments').where('schoolId', '=', schoolId).where('id', 'in', toDelete).execute();
  }
  if (toEnd.length > 0) {
    await trx
      .updateTable('classEnrollments')
      .set({ endsOn: dayBefore, endReason: 'moved' })
      .where('schoolId', '=', schoolId)
      .where('id', 'in', toEnd)
      .execute();
  }
  await trx
    .insertInto('classEnrollments')
    .values(
      result.enrolled.map((studentPersonId) => ({
        schoolId,
        yearId,
        classId,
        studentPersonId,
        startsOn,
        createdAt: origin.at,
      })),
    )
    .execute();

  const from = new Map(result.moved.map((m) => [m.personId, m.fromClassId]));
  await recordAudit(
    trx,
    origin,
    result.enrolled.map((personId) => ({
      institutionId: schoolId,
      action: 'class.enrolled',
      // The student is the subject: "everything that happened to this student" finds their moves.
      subjectType: 'person',
      subjectId: personId,
      before: from.has(personId) ? { classId: from.get(personId), endsOn: dayBefore } : undefined,
      after: { classId, yearId, startsOn },
    })),
  );
  return result;
}

/**
 * Ends a student's open enrolments at a school because their student membership ends (`firstDayWithout` is
 * the membership's end: the first day without access), in the caller's transaction. An enrolment that would
 * only start on or after that day is deleted (it never took effect). Returns how many rows were touched.
 */
export async function endEnrollmentsOnLeaving(
  trx: Database,
  schoolId: number,
  personId: number,
  firstDayWithout: string,
  reason: 'left_school' | 'data_error' = 'left_school',
) {
  const lastDay = addDays(firstDayWithout, -1);
  const deleted = await trx
    .deleteFrom('classEnrollments')
    .where('schoolId', '=', schoolId)
    .where('studentPersonId', '=', personId)
    .where('endsOn', 'is', null)
    .where('startsOn', '>=', firstDayWithout)
    .returning(['id', 'classId'])
    .execute();
  const ended = await trx
    .updateTable('classEnrollments')
    .set({ endsOn: lastDay, endReason: reason })
    .where('schoolId', '=', schoolId)
    .where('studentPersonId', '=', personId)
    .where('endsOn', 'is', null)
    .returning(['id', 'classId'])
    .execute();
  return { deleted, ended, endsOn: lastDay };
}
