import type { Database } from '../../db/client.js';
import { forbidden, notFound } from '../../errors.js';
import { allow, type InstitutionRef } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';
import { type AssignmentRow, findAssignment } from './journal.repository.js';

/**
 * Who may open and write a journal. The school is always the actor's context school; an id of another school
 * finds nothing (404). Inside the school:
 * - read: the assignment's teacher, the class teacher, a substitute of one of its lessons, administrators;
 * - write: the assignment's teacher and administrators; a substitute only the lessons they substitute.
 * Other staff of the school get 403 (the assignment's existence is no secret inside the school).
 */
export interface JournalAccess {
  school: InstitutionRef;
  assignment: AssignmentRow;
  /** Administrator: every assignment, rule overrides, closing periods. */
  manage: boolean;
  /** May write every cell of the assignment (its teacher or an administrator). */
  writeAll: boolean;
}

export function journalSchool(actor: Actor, action: 'journal.read' | 'journal.write' | 'journal.manage') {
  const m = actor.context;
  if (m?.institutionKind !== 'school') throw forbidden();
  const school = { id: m.institutionId, ancestors: m.ancestors };
  if (!allow(actor, action, school)) throw forbidden();
  return school;
}

export async function journalAccess(
  db: Database,
  actor: Actor,
  assignmentId: number,
  intent: 'read' | 'write',
): Promise<JournalAccess> {
  const school = journalSchool(actor, intent === 'read' ? 'journal.read' : 'journal.write');
  const assignment = await findAssignment(db, school.id, assignmentId, actor.personId);
  if (!assignment) throw notFound();
  const manage = allow(actor, 'journal.manage', school);
  const teaches = assignment.teacherPersonId === actor.personId;
  const writeAll = manage || teaches;
  const canRead = writeAll || assignment.classTeacherPersonId === actor.personId || assignment.substitutes;
  if (!canRead) throw forbidden();
  if (intent === 'write' && !writeAll && !assignment.substitutes) throw forbidden();
  return { school, assignment, manage, writeAll };
}
