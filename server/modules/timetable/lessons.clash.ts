import type { Locale } from '@common/enums.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { className } from '../classes/classes.queries.js';
import type { assertYearOpen } from '../school-year/school-year.queries.js';
import { yearBells } from '../school-year/school-year.queries.js';
import { involving, type SlotItem, slotConflicts } from './conflicts.js';
import { type LessonOwnRow, type LessonRow, lessonsQuery } from './lessons.repository.js';
import { shortName } from './timetable.access.js';
import type { Names } from './timetable.model.js';
import { presentConflicts } from './timetable.presenter.js';

/** What a one-off lesson change works with: the transaction, the school, the locked lesson and its open year. */
export interface Ctx {
  trx: Database;
  schoolId: number;
  lesson: LessonOwnRow;
  year: Awaited<ReturnType<typeof assertYearOpen>>;
}

/**
 * Refuses a lesson placed (or re-staffed, or restored) where its teacher, room, class or sub-group already has
 * another lesson that day: 409 with the clashes, named in the caller's language.
 */
export async function assertNoClash(
  ctx: Ctx,
  after: { date: string; shift: number; lessonNumber: number; teacherPersonId: number; roomId: number | null },
  extraNames: { teacher?: [number, string]; room?: [number, string] },
  locale: Locale,
) {
  const { trx, schoolId, lesson } = ctx;
  const [others, own, bells] = await Promise.all([
    lessonsQuery(trx, schoolId)
      .where('l.date', '=', after.date)
      .where('l.status', '=', 'scheduled')
      .where('l.id', '<>', lesson.id)
      .execute(),
    lessonsQuery(trx, schoolId).where('l.id', '=', lesson.id).executeTakeFirstOrThrow(),
    yearBells(trx, schoolId, lesson.yearId),
  ]);
  const itemOf = (r: LessonRow): SlotItem => ({
    key: `l${r.id}`,
    classId: r.classId,
    subgroupId: r.subgroupId,
    subjectId: r.subjectId,
    teacherPersonId: r.substituteTeacherPersonId ?? r.teacherPersonId,
    roomId: r.roomId,
    day: after.date,
    shift: r.shift,
    lessonNumber: r.lessonNumber,
  });
  const candidate: SlotItem = { ...itemOf(own), ...after, day: after.date };
  const items = [...others.map(itemOf), candidate];
  const clashes = involving(slotConflicts(items, bells), new Set([candidate.key]));
  if (clashes.length === 0) return;
  const names: Names = {
    classes: new Map(),
    teachers: new Map(),
    subgroups: new Map(),
    subjects: new Map(),
    rooms: new Map(),
  };
  for (const r of [...others, own]) {
    names.classes.set(r.classId, className(r));
    names.subjects.set(r.subjectId, r);
    if (r.subgroupId !== null && r.subgroupName !== null) names.subgroups.set(r.subgroupId, r.subgroupName);
    if (r.roomId !== null && r.roomName !== null) names.rooms.set(r.roomId, r.roomName);
    names.teachers.set(
      r.teacherPersonId,
      shortName({ surname: r.teacherSurname, firstName: r.teacherFirstName, patronymic: r.teacherPatronymic }),
    );
    if (r.substituteTeacherPersonId !== null && r.substituteSurname !== null && r.substituteFirstName !== null) {
      names.teachers.set(
        r.substituteTeacherPersonId,
        shortName({
          surname: r.substituteSurname,
          firstName: r.substituteFirstName,
          patronymic: r.substitutePatronymic,
        }),
      );
    }
  }
  if (extraNames.teacher) names.teachers.set(...extraNames.teacher);
  if (extraNames.room) names.rooms.set(...extraNames.room);
  const conflicts = presentConflicts(clashes, items, names, locale, {
    blockingKeys: new Set([candidate.key]),
    multiShift: ctx.year.shifts > 1,
  });
  throw new AppError(409, 'timetable.lessonConflicts', { count: conflicts.length }, { conflicts });
}
