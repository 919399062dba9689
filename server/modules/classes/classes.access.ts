import { forbidden } from '../../errors.js';
import { allow, type InstitutionRef } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';

/**
 * The school whose classes and subjects a request is about: always the actor's context school, never an id
 * from the client, so another school's rows can only ever be "not found". Acting through an authority or as
 * someone the action is not allowed to is a 403 (the UI does not offer these screens there).
 */
export function contextSchool(actor: Actor, action: 'school.read' | 'school.manage'): InstitutionRef {
  const m = actor.context;
  if (m?.institutionKind !== 'school') throw forbidden();
  const school = { id: m.institutionId, ancestors: m.ancestors };
  if (!allow(actor, action, school)) throw forbidden();
  return school;
}

/** Staff of the school may see who is in which class; students and parents see classes without rosters. */
export const seesPeople = (actor: Actor, school: InstitutionRef) => allow(actor, 'person.list', school);
