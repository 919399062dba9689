import type { Database } from '../../db/client.js';
import { notFound } from '../../errors.js';
import { allow, type InstitutionRef, scopeRoot } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';
import {
  findPerson,
  guardianshipExists,
  listMembershipsOfPerson,
  type MembershipRow,
  type PersonRow,
} from './persons.repository.js';

export const refOf = (m: { institutionId: number; ancestors: number[] }): InstitutionRef => ({
  id: m.institutionId,
  ancestors: m.ancestors,
});

/**
 * Current on `today`: not ended (ends_on is the first day without access) in an open institution. A
 * membership starting later counts too, so a person enrolled from next Monday is already on the lists.
 */
export const isCurrent = (m: MembershipRow, today: string) =>
  (m.endsOn === null || m.endsOn > today) && m.closedAt === null;

/** What the actor may see and do about one person, judged from all of the person's memberships. */
export interface PersonAccess {
  person: PersonRow;
  /** All memberships (ended ones too), for the service's own checks. */
  all: MembershipRow[];
  /** The memberships the actor may see. */
  shown: MembershipRow[];
  self: boolean;
  viewIin: boolean;
  /** person.manage on an institution where the person holds (or held) a membership. */
  canManage: boolean;
}

/**
 * Loads a person and decides whether the actor may see them at all; anyone invisible is a 404, the same
 * answer as an id that does not exist. Visible are: the actor themself; for staff, anyone with a
 * membership (current or ended) in an institution their context may read people of; for a parent, their
 * own child linked in the context school who is still a student there.
 */
export async function loadPersonAccess(db: Database, actor: Actor, personId: number, today: string) {
  const person = await findPerson(db, personId);
  if (!person) throw notFound();
  const all = await listMembershipsOfPerson(db, personId);
  const self = actor.personId === personId;
  const readable = all.filter((m) => allow(actor, 'person.readAny', refOf(m)));

  let shown: MembershipRow[] = [];
  // One's own memberships are one's own data (GET /me lists them too), wherever they are.
  if (self) shown = all;
  else if (readable.length > 0) shown = readable;
  else {
    // A parent sees a child only while the child is a student of the context school: the link itself
    // outlives the studies (guardianships are kept), the visibility does not.
    const school = all.find(
      (m) => m.profile === 'student' && isCurrent(m, today) && allow(actor, 'person.readChild', refOf(m)),
    );
    if (school && (await guardianshipExists(db, school.institutionId, actor.personId, personId))) {
      shown = all.filter((m) => m.institutionId === school.institutionId);
    }
    if (shown.length === 0) throw notFound();
  }

  const access: PersonAccess = {
    person,
    all,
    shown,
    self,
    viewIin: all.some((m) => allow(actor, 'person.viewIin', refOf(m))),
    canManage: all.some((m) => allow(actor, 'person.manage', refOf(m))),
  };
  return access;
}

/** Distinct institutions inside the actor's scope where these memberships are held (where audit rows go). */
export function institutionsInScope(actor: Actor, memberships: MembershipRow[]): number[] {
  const root = scopeRoot(actor);
  if (root === null) return [];
  return [...new Set(memberships.filter((m) => m.ancestors.includes(root)).map((m) => m.institutionId))];
}
