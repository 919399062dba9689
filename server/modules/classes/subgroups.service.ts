import type { SubgroupCreate, SubgroupUpdate } from '@common/schemas/classes.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { conflict, notFound, unprocessable } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { uniqueViolation } from '../persons/person.rules.js';
import { assertYearOpen } from '../school-year/school-year.queries.js';
import { contextSchool } from './classes.access.js';
import { findClass } from './classes.queries.js';
import { personsInClass } from './classes.repository.js';
import { getClassDetail } from './classes.service.js';

/**
 * Sub-groups: parts of a class taught separately (the two halves for a language or informatics, kz-school-rules
 * §2.3). Members must be in the class; a student who later leaves the class keeps the member row (so what was
 * taught to whom stays explainable) but is no longer listed with the group.
 */

async function checkMembers(trx: Database, schoolId: number, classId: number, personIds: number[], day: string) {
  const ids = [...new Set(personIds)];
  const inClass = await personsInClass(trx, schoolId, classId, ids, day);
  if (ids.some((id) => !inClass.has(id))) throw unprocessable('classes.notInClass');
  return ids;
}

const nameTaken = (error: unknown) => {
  throw uniqueViolation(error) !== null ? conflict('classes.subgroupExists') : error;
};

async function findSubgroup(trx: Database, schoolId: number, subgroupId: number) {
  return trx
    .selectFrom('subgroups as g')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'g.schoolId').onRef('c.id', '=', 'g.classId'))
    .where('g.schoolId', '=', schoolId)
    .where('g.id', '=', subgroupId)
    .select(['g.id', 'g.classId', 'g.name', 'c.yearId'])
    .forUpdate()
    .executeTakeFirst();
}

export async function createSubgroup(
  deps: AppDeps,
  actor: Actor,
  classId: number,
  input: SubgroupCreate,
  origin: AuditOrigin,
) {
  const school = contextSchool(actor, 'school.manage');
  const day = localDate(origin.at);
  await deps.db.transaction().execute(async (trx) => {
    const cls = await findClass(trx, school.id, classId);
    if (!cls) throw notFound();
    await assertYearOpen(trx, school.id, cls.yearId);
    const ids = await checkMembers(trx, school.id, classId, input.personIds, day);
    const g = await trx
      .insertInto('subgroups')
      .values({ schoolId: school.id, classId, name: input.name, createdAt: origin.at })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch(nameTaken);
    if (ids.length > 0) {
      await trx
        .insertInto('subgroupMembers')
        .values(ids.map((studentPersonId) => ({ schoolId: school.id, subgroupId: g.id, studentPersonId })))
        .execute();
    }
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'subgroup.created',
      subjectType: 'class',
      subjectId: classId,
      after: { subgroupId: g.id, classId, name: input.name, personIds: ids },
    });
  });
  return getClassDetail(deps, actor, classId);
}

/** Renames and/or sets the members (the whole set of current members: those left out are removed). */
export async function updateSubgroup(
  deps: AppDeps,
  actor: Actor,
  subgroupId: number,
  input: SubgroupUpdate,
  origin: AuditOrigin,
) {
  const school = contextSchool(actor, 'school.manage');
  const day = localDate(origin.at);
  const classId = await deps.db.transaction().execute(async (trx) => {
    const g = await findSubgroup(trx, school.id, subgroupId);
    if (!g) throw notFound();
    await assertYearOpen(trx, school.id, g.yearId);
    const before: Record<string, unknown> = { subgroupId, name: g.name };
    const after: Record<string, unknown> = { subgroupId, classId: g.classId };
    if (input.name !== undefined && input.name !== g.name) {
      await trx
        .updateTable('subgroups')
        .set({ name: input.name })
        .where('schoolId', '=', school.id)
        .where('id', '=', subgroupId)
        .execute()
        .catch(nameTaken);
      after.name = input.name;
    }
    if (input.personIds !== undefined) {
      const ids = await checkMembers(trx, school.id, g.classId, input.personIds, day);
      const rows = await trx
        .selectFrom('subgroupMembers')
        .where('schoolId', '=', school.id)
        .where('subgroupId', '=', subgroupId)
        .select('studentPersonId')
        .execute();
      const existing = rows.map((r) => r.studentPersonId);
      // Only current class members can be removed here; former ones stay as history.
      const current = await personsInClass(trx, school.id, g.classId, existing, day);
      const keep = new Set(ids);
      const removed = existing.filter((id) => current.has(id) && !keep.has(id));
      const added = ids.filter((id) => !existing.includes(id));
      if (removed.length > 0) {
        await trx
          .deleteFrom('subgroupMembers')
          .where('schoolId', '=', school.id)
          .where('subgroupId', '=', subgroupId)
          .where('studentPersonId', 'in', removed)
          .execute();
      }
      if (added.length > 0) {
        await trx
          .insertInto('subgroupMembers')
          .values(added.map((studentPersonId) => ({ schoolId: school.id, subgroupId, studentPersonId })))
          .execute();
      }
      before.personIds = existing.filter((id) => current.has(id));
      after.added = added;
      after.removed = removed;
    }
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'subgroup.updated',
      subjectType: 'class',
      subjectId: g.classId,
      before,
      after,
    });
    return g.classId;
  });
  return getClassDetail(deps, actor, classId);
}

/** Deletes a sub-group nobody teaches (an assignment or a generated lesson using it makes it a 409). */
export async function deleteSubgroup(deps: AppDeps, actor: Actor, subgroupId: number, origin: AuditOrigin) {
  const school = contextSchool(actor, 'school.manage');
  await deps.db.transaction().execute(async (trx) => {
    const g = await findSubgroup(trx, school.id, subgroupId);
    if (!g) throw notFound();
    await assertYearOpen(trx, school.id, g.yearId);
    const used = await trx
      .selectFrom('teachingAssignments')
      .where('schoolId', '=', school.id)
      .where('subgroupId', '=', subgroupId)
      .select('id')
      .union(
        trx.selectFrom('lessons').where('schoolId', '=', school.id).where('subgroupId', '=', subgroupId).select('id'),
      )
      .limit(1)
      .execute();
    if (used.length > 0) throw conflict('classes.subgroupInUse');
    const members = await trx
      .deleteFrom('subgroupMembers')
      .where('schoolId', '=', school.id)
      .where('subgroupId', '=', subgroupId)
      .returning('studentPersonId')
      .execute();
    await trx.deleteFrom('subgroups').where('schoolId', '=', school.id).where('id', '=', subgroupId).execute();
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'subgroup.deleted',
      subjectType: 'class',
      subjectId: g.classId,
      before: { subgroupId, classId: g.classId, name: g.name, personIds: members.map((m) => m.studentPersonId) },
    });
  });
}
