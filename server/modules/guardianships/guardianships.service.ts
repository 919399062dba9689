import type { Guardianship, GuardianshipCreate, GuardianshipKey } from '@common/schemas/guardianships.js';
import type { AppDeps } from '../../deps.js';
import { conflict, forbidden, notFound, unprocessable } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow, type InstitutionRef } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { presentGuardianship } from './guardianships.presenter.js';
import {
  deleteGuardianship,
  findSchoolPeople,
  insertGuardianship,
  listGuardianships,
} from './guardianships.repository.js';

/**
 * Parent ↔ child links belong to one school: always the actor's context institution, never a client-chosen
 * id, so an administrator cannot reach another school's people by naming them.
 */
function contextSchool(actor: Actor): InstitutionRef {
  const m = actor.context;
  if (!m) throw forbidden();
  return { id: m.institutionId, ancestors: m.ancestors };
}

/** Staff of the school see its links (all of them, also those whose child has left, so they can be removed). */
export async function listLinks(deps: AppDeps, actor: Actor, personId?: number): Promise<Guardianship[]> {
  const school = contextSchool(actor);
  if (!allow(actor, 'person.readAny', school)) throw forbidden();
  const rows = await listGuardianships(deps.db, school.id, personId);
  return rows.map(presentGuardianship);
}

export async function createLink(
  deps: AppDeps,
  actor: Actor,
  input: GuardianshipCreate,
  origin: AuditOrigin,
): Promise<Guardianship> {
  const school = contextSchool(actor);
  if (!allow(actor, 'guardianship.manage', school)) throw forbidden();
  const { parentPersonId, childPersonId, relation } = input;
  if (parentPersonId === childPersonId) throw unprocessable('guardianship.samePerson');
  const today = localDate(origin.at);

  return deps.db.transaction().execute(async (trx) => {
    const people = await findSchoolPeople(trx, school.id, [parentPersonId, childPersonId], today);
    const parent = people.find((p) => p.personId === parentPersonId);
    const child = people.find((p) => p.personId === childPersonId);
    // Someone with no membership at this school is not visible from it: 404, whatever they are elsewhere.
    if (!parent || !child) throw notFound();
    if (!child.isStudent) throw unprocessable('guardianship.childNotStudent');
    if (!parent.isParent) throw unprocessable('guardianship.parentNotParent');

    const inserted = await insertGuardianship(trx, {
      institutionId: school.id,
      parentPersonId,
      childPersonId,
      relation,
      at: origin.at,
    });
    if (!inserted) throw conflict('guardianship.exists');
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'guardianship.created',
      // The child is the subject, so "everything that happened to this student" finds their links too.
      subjectType: 'person',
      subjectId: childPersonId,
      after: { parentPersonId, childPersonId, relation },
    });
    return presentGuardianship({
      institutionId: school.id,
      relation,
      createdAt: inserted.createdAt,
      parentPersonId,
      parentSurname: parent.surname,
      parentFirstName: parent.firstName,
      parentPatronymic: parent.patronymic,
      childPersonId,
      childSurname: child.surname,
      childFirstName: child.firstName,
      childPatronymic: child.patronymic,
    });
  });
}

export async function deleteLink(deps: AppDeps, actor: Actor, key: GuardianshipKey, origin: AuditOrigin) {
  const school = contextSchool(actor);
  if (!allow(actor, 'guardianship.manage', school)) throw forbidden();
  const { parentPersonId, childPersonId } = key;
  await deps.db.transaction().execute(async (trx) => {
    const removed = await deleteGuardianship(trx, school.id, parentPersonId, childPersonId);
    if (!removed) throw notFound();
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'guardianship.deleted',
      subjectType: 'person',
      subjectId: childPersonId,
      before: { parentPersonId, childPersonId, relation: removed.relation },
    });
  });
}
