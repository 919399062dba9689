import type { Assignment, AssignmentCreate, AssignmentListQuery } from '@common/schemas/classes.js';
import type { AppDeps } from '../../deps.js';
import { conflict, notFound, unprocessable } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { uniqueViolation } from '../persons/person.rules.js';
import { assertYearOpen } from '../school-year/school-year.queries.js';
import { contextSchool } from './classes.access.js';
import { presentAssignment } from './classes.presenter.js';
import { findClass } from './classes.queries.js';
import { currentEmployees, listAssignments } from './classes.repository.js';
import { resolveYear } from './classes.service.js';

/**
 * Teaching assignments: who teaches which subject to which class (or sub-group) in a year. Several teachers may
 * share a subject in a class (two halves, or a co-teacher); the same teacher twice for the same class, sub-group
 * and subject is a 409. The timetable places assignments in the week.
 */
export async function listAssignmentsFor(deps: AppDeps, actor: Actor, query: AssignmentListQuery) {
  const school = contextSchool(actor, 'school.read');
  const year = await resolveYear(deps.db, school.id, query.yearId, localDate(deps.clock.now()));
  if (!year) return { yearId: null, items: [] };
  const rows = await listAssignments(deps.db, school.id, {
    yearId: year.id,
    classId: query.classId,
    teacherPersonId: query.teacherPersonId,
  });
  return { yearId: year.id, items: rows.map(presentAssignment) };
}

export async function createAssignment(
  deps: AppDeps,
  actor: Actor,
  input: AssignmentCreate,
  origin: AuditOrigin,
): Promise<Assignment> {
  const school = contextSchool(actor, 'school.manage');
  const day = localDate(origin.at);
  const { id, yearId } = await deps.db.transaction().execute(async (trx) => {
    const cls = await findClass(trx, school.id, input.classId);
    if (!cls) throw notFound();
    await assertYearOpen(trx, school.id, cls.yearId);
    const subgroupId = input.subgroupId ?? null;
    if (subgroupId !== null) {
      const g = await trx
        .selectFrom('subgroups')
        .where('schoolId', '=', school.id)
        .where('id', '=', subgroupId)
        .select('classId')
        .executeTakeFirst();
      if (!g) throw notFound();
      if (g.classId !== cls.id) throw unprocessable('classes.subgroupNotInClass');
    }
    const subject = await trx
      .selectFrom('subjects')
      .where('schoolId', '=', school.id)
      .where('id', '=', input.subjectId)
      .select(['id', 'archivedAt'])
      .executeTakeFirst();
    if (!subject) throw notFound();
    if (subject.archivedAt !== null) throw unprocessable('subjects.archived');
    if (!(await currentEmployees(trx, school.id, [input.teacherPersonId], day)).has(input.teacherPersonId)) {
      throw unprocessable('classes.notEmployee');
    }
    const values = {
      yearId: cls.yearId,
      classId: cls.id,
      subgroupId,
      subjectId: input.subjectId,
      teacherPersonId: input.teacherPersonId,
    };
    const row = await trx
      .insertInto('teachingAssignments')
      .values({ schoolId: school.id, ...values, createdAt: origin.at })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw uniqueViolation(error) !== null ? conflict('classes.assignmentExists') : error;
      });
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'assignment.created',
      subjectType: 'class',
      subjectId: cls.id,
      after: { assignmentId: row.id, ...values },
    });
    return { id: row.id, yearId: cls.yearId };
  });
  const [row] = await listAssignments(deps.db, school.id, { yearId, ids: [id] });
  if (!row) throw notFound(); // deleted meanwhile
  return presentAssignment(row);
}

/** Refused with 409 while the weekly timetable places it (remove those entries first). */
export async function deleteAssignment(deps: AppDeps, actor: Actor, assignmentId: number, origin: AuditOrigin) {
  const school = contextSchool(actor, 'school.manage');
  await deps.db.transaction().execute(async (trx) => {
    const a = await trx
      .selectFrom('teachingAssignments')
      .where('schoolId', '=', school.id)
      .where('id', '=', assignmentId)
      .select(['id', 'yearId', 'classId', 'subgroupId', 'subjectId', 'teacherPersonId'])
      .forUpdate()
      .executeTakeFirst();
    if (!a) throw notFound();
    await assertYearOpen(trx, school.id, a.yearId);
    const entry = await trx
      .selectFrom('timetableEntries')
      .where('schoolId', '=', school.id)
      .where('assignmentId', '=', assignmentId)
      .select('id')
      .limit(1)
      .executeTakeFirst();
    if (entry) throw conflict('classes.assignmentInTimetable');
    await trx
      .deleteFrom('teachingAssignments')
      .where('schoolId', '=', school.id)
      .where('id', '=', assignmentId)
      .execute();
    const { id, ...rest } = a;
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'assignment.deleted',
      subjectType: 'class',
      subjectId: a.classId,
      before: { assignmentId: id, ...rest },
    });
  });
}
