import type { AppDeps } from '../../deps.js';
import { AppError, forbidden, notFound, unprocessable } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import type { JournalAccess } from './journal.access.js';
import { closedRanges, gridStudents, lessonsQuery, worksQuery } from './journal.repository.js';

/** Which cells a journal write may touch (cells.service.ts): the batch's targets and its duplicate check. */

/**
 * The lessons, works and students a batch names, all checked to belong to the assignment (else 404), to be
 * writable by the actor (a substitute: their own lessons only) and to lie in an open period (else 409).
 */
export async function loadTargets(
  deps: AppDeps,
  actor: Actor,
  access: JournalAccess,
  cells: Array<{ studentId: number; lessonId?: number; workId?: number }>,
) {
  const schoolId = access.school.id;
  const a = access.assignment;
  const lessonIds = [...new Set(cells.flatMap((c) => (c.lessonId ? [c.lessonId] : [])))];
  const workIds = [...new Set(cells.flatMap((c) => (c.workId ? [c.workId] : [])))];
  const [lessons, works] = await Promise.all([
    lessonIds.length ? lessonsQuery(deps.db, schoolId, a).where('l.id', 'in', lessonIds).execute() : [],
    workIds.length
      ? worksQuery(deps.db, schoolId, a.id).where('w.id', 'in', workIds).where('w.deletedAt', 'is', null).execute()
      : [],
  ]);
  if (lessons.length !== lessonIds.length || works.length !== workIds.length) throw notFound();
  const dates = [...lessons.map((l) => l.date), ...works.map((w) => w.date)].sort();
  const [students, closed] = await Promise.all([
    gridStudents(deps.db, schoolId, a, dates[0]!, dates.at(-1)!),
    closedRanges(deps.db, schoolId, a.classId),
  ]);
  const studentIds = new Set(students.map((s) => s.id));
  if (cells.some((c) => !studentIds.has(c.studentId))) throw notFound();
  if (dates.some((d) => closed.some((r) => r.startsOn <= d && d <= r.endsOn))) {
    throw new AppError(409, 'journal.periodClosed');
  }
  if (!access.writeAll) {
    // A substitute writes only the lessons they substitute — never works or other lessons.
    if (works.length > 0 || lessons.some((l) => l.substituteTeacherPersonId !== actor.personId)) throw forbidden();
  }
  if (lessons.some((l) => l.status === 'cancelled')) throw unprocessable('journal.lessonCancelled');
  return {
    lessons: new Map(lessons.map((l) => [l.id, l])),
    works: new Map(works.map((w) => [w.id, w])),
    lessonIds,
    workIds,
  };
}

export const cellKey = (c: { studentId: number; lessonId?: number | null; workId?: number | null }) =>
  `${c.studentId}:${c.lessonId ?? ''}:${c.workId ?? ''}`;

export function refuseDuplicates(
  cells: Array<{ studentId: number; lessonId?: number | null; workId?: number | null }>,
) {
  if (new Set(cells.map(cellKey)).size !== cells.length) throw unprocessable('journal.duplicateCell');
}
