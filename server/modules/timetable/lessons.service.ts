import { daysBetween, teachingDates } from '@common/calendar.js';
import type { Locale } from '@common/enums.js';
import type { Lesson, LessonChange, LessonChangeKind, LessonListQuery, LessonMove } from '@common/schemas/timetable.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { AppError, conflict, notFound, unprocessable } from '../../errors.js';
import { DAY_MS, localDate } from '../../lib/clock.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { notifyEvent } from '../notifications/events.js';
import {
  assertYearOpen,
  currentYear,
  periodOn,
  yearBells,
  yearDaysOff,
  yearPeriods,
} from '../school-year/school-year.queries.js';
import { assertNoClash, type Ctx } from './lessons.clash.js';
import { type LessonOwnRow, lessonsQuery, lockLesson, presentLesson } from './lessons.repository.js';
import { schoolFor, shortName } from './timetable.access.js';

/**
 * Dated lessons: the administrator's week view and one-off changes (cancel, restore, substitute, room, move).
 * Each change writes the lesson, its history row (before/after) and the audit event in one transaction and
 * stamps `changed_at`, which keeps the lesson out of every later regeneration.
 */

export const MAX_RANGE_DAYS = 62;

export function checkRange(from: string, to: string) {
  if (to < from) throw unprocessable('timetable.badRange');
  if (daysBetween(from, to) > MAX_RANGE_DAYS)
    throw new AppError(422, 'timetable.rangeTooLong', { days: MAX_RANGE_DAYS });
}

export async function bellsAround(db: Database, schoolId: number, date: string) {
  const year = await currentYear(db, schoolId, date);
  return year ? yearBells(db, schoolId, year.id) : [];
}

export async function listLessons(
  deps: AppDeps,
  actor: Actor,
  q: LessonListQuery,
): Promise<{ items: Lesson[]; bells: Awaited<ReturnType<typeof bellsAround>> }> {
  const school = schoolFor(actor, 'school.read');
  checkRange(q.from, q.to);
  let query = lessonsQuery(deps.db, school.id).where('l.date', '>=', q.from).where('l.date', '<=', q.to);
  if (q.classId !== undefined) query = query.where('l.classId', '=', q.classId);
  if (q.roomId !== undefined) query = query.where('l.roomId', '=', q.roomId);
  const teacher = q.teacherPersonId;
  if (teacher !== undefined) {
    query = query.where((eb) =>
      eb.or([eb('l.teacherPersonId', '=', teacher), eb('l.substituteTeacherPersonId', '=', teacher)]),
    );
  }
  const [rows, bells] = await Promise.all([query.execute(), bellsAround(deps.db, school.id, q.from)]);
  return { items: rows.map(presentLesson), bells };
}

export async function lessonHistory(deps: AppDeps, actor: Actor, lessonId: number): Promise<LessonChange[]> {
  const school = schoolFor(actor, 'school.read');
  const lesson = await deps.db
    .selectFrom('lessons')
    .where('schoolId', '=', school.id)
    .where('id', '=', lessonId)
    .select('id')
    .executeTakeFirst();
  if (!lesson) throw notFound();
  const rows = await deps.db
    .selectFrom('lessonChanges as lc')
    .leftJoin('persons as p', 'p.id', 'lc.actorPersonId')
    .where('lc.schoolId', '=', school.id)
    .where('lc.lessonId', '=', lessonId)
    .select([
      'lc.id',
      'lc.at',
      'lc.kind',
      'lc.before',
      'lc.after',
      'lc.note',
      'lc.actorPersonId',
      'p.surname',
      'p.firstName',
      'p.patronymic',
    ])
    .orderBy('lc.at')
    .orderBy('lc.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    kind: r.kind,
    actor:
      r.actorPersonId !== null && r.surname !== null && r.firstName !== null
        ? {
            personId: r.actorPersonId,
            name: shortName({ surname: r.surname, firstName: r.firstName, patronymic: r.patronymic }),
          }
        : null,
    before: (r.before ?? {}) as Record<string, unknown>,
    after: (r.after ?? {}) as Record<string, unknown>,
    note: r.note,
  }));
}

type Patch = Partial<
  Pick<LessonOwnRow, 'status' | 'substituteTeacherPersonId' | 'roomId' | 'date' | 'shift' | 'lessonNumber' | 'periodId'>
>;
interface Change {
  kind: LessonChangeKind;
  patch: Patch;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}
const AUDIT_ACTION: Record<LessonChangeKind, string> = {
  cancel: 'lesson.cancelled',
  restore: 'lesson.restored',
  substitute: 'lesson.substituted',
  room: 'lesson.roomChanged',
  move: 'lesson.moved',
};

/** The common frame of every one-off change: lock, year open, decide, write lesson + history + audit. */
async function changeLesson(
  deps: AppDeps,
  actor: Actor,
  lessonId: number,
  note: string | undefined,
  origin: AuditOrigin,
  decide: (ctx: Ctx) => Promise<Change>,
): Promise<Lesson> {
  const school = schoolFor(actor, 'school.manage');
  return deps.db.transaction().execute(async (trx) => {
    const lesson = await lockLesson(trx, school.id, lessonId);
    if (!lesson) throw notFound();
    const year = await assertYearOpen(trx, school.id, lesson.yearId);
    const change = await decide({ trx, schoolId: school.id, lesson, year });
    await trx
      .updateTable('lessons')
      .set({ ...change.patch, changedAt: origin.at, updatedAt: origin.at })
      .where('schoolId', '=', school.id)
      .where('id', '=', lesson.id)
      .execute();
    await trx
      .insertInto('lessonChanges')
      .values({
        schoolId: school.id,
        lessonId: lesson.id,
        at: origin.at,
        actorPersonId: origin.actorPersonId,
        kind: change.kind,
        before: JSON.stringify(change.before),
        after: JSON.stringify(change.after),
        note: note?.trim() ? note.trim() : null,
      })
      .execute();
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: AUDIT_ACTION[change.kind],
      subjectType: 'lesson',
      subjectId: lesson.id,
      before: change.before,
      after: change.after,
    });
    // Issue 7 §2: a change to a lesson of today or tomorrow reaches its pupils and their parents.
    const today = localDate(origin.at);
    const tomorrow = localDate(new Date(origin.at.getTime() + DAY_MS));
    if ([lesson.date, change.patch.date ?? lesson.date].some((d) => d === today || d === tomorrow)) {
      await notifyEvent(trx, deps, {
        type: 'timetable',
        schoolId: school.id,
        lessonId: lesson.id,
        change: change.kind,
      });
    }
    const row = await lessonsQuery(trx, school.id).where('l.id', '=', lesson.id).executeTakeFirstOrThrow();
    return presentLesson(row);
  });
}

const teacherOf = (l: LessonOwnRow) => l.substituteTeacherPersonId ?? l.teacherPersonId;
const placeOf = (l: LessonOwnRow) => ({
  date: l.date,
  shift: l.shift,
  lessonNumber: l.lessonNumber,
  teacherPersonId: teacherOf(l),
  roomId: l.roomId,
});

export function cancelLesson(deps: AppDeps, actor: Actor, id: number, note: string | undefined, origin: AuditOrigin) {
  return changeLesson(deps, actor, id, note, origin, async ({ lesson }) => {
    if (lesson.status === 'cancelled') throw conflict('timetable.alreadyCancelled');
    return {
      kind: 'cancel',
      patch: { status: 'cancelled' },
      before: { status: 'scheduled' },
      after: { status: 'cancelled' },
    };
  });
}

export function restoreLesson(
  deps: AppDeps,
  actor: Actor,
  id: number,
  note: string | undefined,
  locale: Locale,
  origin: AuditOrigin,
) {
  return changeLesson(deps, actor, id, note, origin, async (ctx) => {
    if (ctx.lesson.status !== 'cancelled') throw conflict('timetable.notCancelled');
    // Its slot may have been given to another lesson meanwhile.
    await assertNoClash(ctx, placeOf(ctx.lesson), {}, locale);
    return {
      kind: 'restore',
      patch: { status: 'scheduled' },
      before: { status: 'cancelled' },
      after: { status: 'scheduled' },
    };
  });
}

/** A current employee of the school on the date (a substitute must work there), or undefined. */
function schoolEmployee(trx: Database, schoolId: number, personId: number, date: string) {
  return trx
    .selectFrom('memberships as m')
    .innerJoin('persons as p', 'p.id', 'm.personId')
    .where('m.institutionId', '=', schoolId)
    .where('m.personId', '=', personId)
    .where('m.profile', '=', 'school_employee')
    .where('m.startsOn', '<=', date)
    .where((eb) => eb.or([eb('m.endsOn', 'is', null), eb('m.endsOn', '>', date)]))
    .where('p.deletedAt', 'is', null)
    .select(['p.id', 'p.surname', 'p.firstName', 'p.patronymic'])
    .executeTakeFirst();
}

export function substituteLesson(
  deps: AppDeps,
  actor: Actor,
  id: number,
  input: { teacherPersonId: number | null; note?: string },
  locale: Locale,
  origin: AuditOrigin,
) {
  return changeLesson(deps, actor, id, input.note, origin, async (ctx) => {
    const { lesson } = ctx;
    const next = input.teacherPersonId;
    if (next === lesson.substituteTeacherPersonId) throw unprocessable('timetable.noChange');
    let extra: [number, string] | undefined;
    if (next !== null) {
      if (next === lesson.teacherPersonId) throw unprocessable('timetable.substituteIsTeacher');
      const teacher = await schoolEmployee(ctx.trx, ctx.schoolId, next, lesson.date);
      if (!teacher) throw unprocessable('timetable.substituteNotStaff');
      extra = [teacher.id, shortName(teacher)];
    }
    if (lesson.status === 'scheduled') {
      await assertNoClash(
        ctx,
        { ...placeOf(lesson), teacherPersonId: next ?? lesson.teacherPersonId },
        { teacher: extra },
        locale,
      );
    }
    return {
      kind: 'substitute',
      patch: { substituteTeacherPersonId: next },
      before: { substituteTeacherPersonId: lesson.substituteTeacherPersonId },
      after: { substituteTeacherPersonId: next },
    };
  });
}

export function changeRoom(
  deps: AppDeps,
  actor: Actor,
  id: number,
  input: { roomId: number | null; note?: string },
  locale: Locale,
  origin: AuditOrigin,
) {
  return changeLesson(deps, actor, id, input.note, origin, async (ctx) => {
    const { lesson } = ctx;
    const next = input.roomId;
    if (next === lesson.roomId) throw unprocessable('timetable.noChange');
    let extra: [number, string] | undefined;
    if (next !== null) {
      const room = await ctx.trx
        .selectFrom('rooms')
        .where('schoolId', '=', ctx.schoolId)
        .where('id', '=', next)
        .select(['id', 'name', 'archivedAt'])
        .executeTakeFirst();
      if (!room) throw notFound();
      if (room.archivedAt !== null) throw new AppError(422, 'timetable.roomArchived', { room: room.name });
      extra = [room.id, room.name];
    }
    if (lesson.status === 'scheduled')
      await assertNoClash(ctx, { ...placeOf(lesson), roomId: next }, { room: extra }, locale);
    return { kind: 'room', patch: { roomId: next }, before: { roomId: lesson.roomId }, after: { roomId: next } };
  });
}

export function moveLesson(
  deps: AppDeps,
  actor: Actor,
  id: number,
  input: LessonMove,
  locale: Locale,
  origin: AuditOrigin,
) {
  return changeLesson(deps, actor, id, input.note, origin, async (ctx) => {
    const { lesson, year, trx, schoolId } = ctx;
    const shift = input.shift ?? lesson.shift;
    const { date, lessonNumber } = input;
    if (date === lesson.date && shift === lesson.shift && lessonNumber === lesson.lessonNumber) {
      throw unprocessable('timetable.noChange');
    }
    if (date < year.startsOn || date > year.endsOn) throw unprocessable('timetable.outsideYear');
    if (shift > year.shifts) throw new AppError(422, 'timetable.shiftOutsideYear', { shifts: year.shifts });
    const [cls, daysOff, bells, periods] = await Promise.all([
      trx
        .selectFrom('classes')
        .where('schoolId', '=', schoolId)
        .where('id', '=', lesson.classId)
        .select('grade')
        .executeTakeFirstOrThrow(),
      yearDaysOff(trx, schoolId, year.id),
      yearBells(trx, schoolId, year.id),
      yearPeriods(trx, schoolId, year.id),
    ]);
    const taught = teachingDates({
      startsOn: date,
      endsOn: date,
      daysPerWeek: year.daysPerWeek,
      daysOff,
      grade: cls.grade,
    });
    if (taught.length === 0) throw unprocessable('timetable.notTeachingDay');
    if (!bells.some((b) => b.shift === shift && b.lessonNumber === lessonNumber)) {
      throw new AppError(422, 'timetable.noBell', { lesson: lessonNumber, shift });
    }
    if (lesson.status === 'scheduled') {
      await assertNoClash(ctx, { ...placeOf(lesson), date, shift, lessonNumber }, {}, locale);
    }
    const period = periodOn(periods, date, 'quarter') ?? periodOn(periods, date, 'half_year');
    return {
      kind: 'move',
      patch: { date, shift, lessonNumber, periodId: period?.id ?? lesson.periodId },
      before: { date: lesson.date, shift: lesson.shift, lessonNumber: lesson.lessonNumber },
      after: { date, shift, lessonNumber },
    };
  });
}
