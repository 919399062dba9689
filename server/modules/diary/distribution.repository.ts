import type { Database } from '../../db/client.js';
import { sitsWork } from './sits-work.js';

/**
 * The reads behind a work's class distribution (distribution.service.ts), one statement each, school first.
 */

/**
 * A СОр / СОч of the student's own subjects (the class they were in on the work's date, their sub-group) with the
 * school's switch; undefined for any other work, so a foreign or guessed id reads like a missing one.
 */
export function studentWork(db: Database, schoolId: number, studentId: number, workId: number) {
  return db
    .selectFrom('assessmentWorks as w')
    .innerJoin('teachingAssignments as ta', (j) =>
      j.onRef('ta.schoolId', '=', 'w.schoolId').onRef('ta.id', '=', 'w.assignmentId'),
    )
    .leftJoin('institutionSettings as s', 's.institutionId', 'w.schoolId')
    .where('w.schoolId', '=', schoolId)
    .where('w.id', '=', workId)
    .where('w.deletedAt', 'is', null)
    .where((eb) => sitsWork(eb, studentId))
    .select((eb) => [
      'w.id',
      'w.kind',
      'w.date',
      'w.maxScore',
      eb.fn.coalesce('s.classDistribution', eb.val(false)).as('allowed'),
    ])
    .executeTakeFirst();
}

/**
 * The live scores on a work: the numbers only, and whether a score is the student's own. No person column leaves
 * the database, so nothing identifying can reach the response even by mistake.
 */
export function workScores(db: Database, schoolId: number, workId: number, yearStart: number, studentId: number) {
  return (
    db
      .selectFrom('marks as m')
      .where('m.schoolId', '=', schoolId)
      // The partition key (0019): the work's academic year, so only that year's partition is read.
      .where('m.yearStart', '=', yearStart)
      .where('m.workId', '=', workId)
      .where('m.deletedAt', 'is', null)
      .where('m.score', 'is not', null)
      .select((eb) => ['m.score', eb('m.studentPersonId', '=', studentId).as('own')])
      .execute()
  );
}
