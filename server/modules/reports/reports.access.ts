import { forbidden } from '../../errors.js';
import { allow } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';

/**
 * The school a report is about: always the actor's context school (never a parameter), and only for its
 * administrators ('reports.read'). Anything of another school is then simply not found by the school-scoped reads.
 */
export function reportsSchool(actor: Actor) {
  const m = actor.context;
  if (m?.institutionKind !== 'school') throw forbidden();
  const school = { id: m.institutionId, ancestors: m.ancestors };
  if (!allow(actor, 'reports.read', school)) throw forbidden();
  return school;
}
