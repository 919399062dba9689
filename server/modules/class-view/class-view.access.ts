import type { Database } from '../../db/client.js';
import { forbidden, notFound } from '../../errors.js';
import { allow, type InstitutionRef } from '../../policies/index.js';
import type { Actor } from '../auth/actor.js';
import { journalSchool } from '../journal/journal.access.js';
import { type ClassRow, findClass } from './class-view.repository.js';

/**
 * Who may open a class's view, following the journal's conventions (journal.access.ts): the school is always the
 * actor's context school, so a class of another school is not found (404); students, parents and staff above the
 * school are refused (403, journal.read is school staff only). Inside the school: the class's class teacher and
 * administrators (journal.manage); other staff get 403 (the class's existence is no secret inside the school, but
 * its pupils' marks across subjects are).
 */
export interface ClassViewAccess {
  school: InstitutionRef;
  cls: ClassRow;
  manage: boolean;
}

export async function classViewAccess(db: Database, actor: Actor, classId: number): Promise<ClassViewAccess> {
  const school = journalSchool(actor, 'journal.read');
  const cls = await findClass(db, school.id, classId);
  if (!cls) throw notFound();
  const manage = allow(actor, 'journal.manage', school);
  if (!manage && cls.classTeacherPersonId !== actor.personId) throw forbidden();
  return { school, cls, manage };
}
