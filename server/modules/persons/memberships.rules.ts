import { type InstitutionKind, type Profile, STAFF_PROFILE_BY_KIND, STAFF_PROFILES } from '@common/enums.js';
import type { MembershipInput } from '@common/schemas/persons.js';
import type { Database } from '../../db/client.js';
import { forbidden, notFound, unprocessable } from '../../errors.js';
import { allow } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';
import { findInstitution, type InstitutionRow } from './persons.repository.js';

/** Agreement 1.6: who can belong to which kind of institution. Staff profile by kind; schools also have pupils and parents. */
export function profilesFor(kind: InstitutionKind): readonly Profile[] {
  return kind === 'school' ? ['school_employee', 'student', 'parent'] : [STAFF_PROFILE_BY_KIND[kind]];
}

/**
 * The institution a membership is being created in: outside the actor's scope it does not exist (404),
 * inside it the actor must manage its people (403), and a closed institution takes no one new (422).
 */
export async function manageableInstitution(
  db: Database,
  actor: Actor,
  institutionId: number,
): Promise<InstitutionRow> {
  const inst = await findInstitution(db, institutionId);
  const ref = inst ? { id: inst.id, ancestors: inst.ancestors } : null;
  if (!inst || !ref || !allow(actor, 'institution.read', ref)) throw notFound();
  if (!allow(actor, 'person.manage', ref)) throw forbidden();
  if (inst.closedAt !== null) throw unprocessable('institution.closed');
  return inst;
}

/** Checks a membership against the institution kind and returns it normalised for storage. */
export function checkMembershipShape(kind: InstitutionKind, input: MembershipInput) {
  if (!profilesFor(kind).includes(input.profile)) throw unprocessable('person.profileMismatch');
  if (input.roles.length > 0 && input.profile !== 'school_employee') {
    throw unprocessable('person.rolesOnlyForSchoolStaff');
  }
  if (input.isAdmin && !STAFF_PROFILES.includes(input.profile)) throw unprocessable('person.adminOnlyForStaff');
  return {
    profile: input.profile,
    roles: [...new Set(input.roles)],
    isAdmin: input.isAdmin,
    position: input.position || null,
    startsOn: input.startsOn,
  };
}
