import { sql } from 'kysely';
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

/** A lesson of the school with what decides who may read or write it: its teachers, the class teacher (one query). */
export async function lessonWithAccess(db: Database, schoolId: number, lessonId: number, personId: number) {
  return db
    .selectFrom('lessons as l')
    .innerJoin('classes as c', (j) => j.onRef('c.schoolId', '=', 'l.schoolId').onRef('c.id', '=', 'l.classId'))
    .where('l.schoolId', '=', schoolId)
    .where('l.id', '=', lessonId)
    .select((eb) => [
      'l.id',
      'l.classId',
      'l.date',
      'l.topic',
      'l.teacherPersonId',
      'l.substituteTeacherPersonId',
      'c.classTeacherPersonId',
      eb
        .exists(
          eb
            .selectFrom('teachingAssignments as ta')
            .whereRef('ta.schoolId', '=', 'l.schoolId')
            .whereRef('ta.classId', '=', 'l.classId')
            .whereRef('ta.subjectId', '=', 'l.subjectId')
            .where(sql<boolean>`ta.subgroup_id is not distinct from l.subgroup_id`)
            .where('ta.teacherPersonId', '=', personId),
        )
        .as('teaches'),
    ])
    .executeTakeFirst();
}
