import type { Locale } from '@common/enums.js';
import type {
  Conflict as ApiConflict,
  GenerateResult,
  Timetable,
  TimetableChange,
  TimetableQuery,
} from '@common/schemas/timetable.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { AppError, notFound, unprocessable } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { className } from '../classes/classes.queries.js';
import { assertYearOpen, findYear, type YearRow } from '../school-year/school-year.queries.js';
import { involving, type SlotItem, timetableConflicts } from './conflicts.js';
import { generatePeriod, regenerateFuture } from './generation.js';
import { schoolFor, shortName } from './timetable.access.js';
import {
  addedKey,
  entryKey,
  itemOf,
  itemsOf,
  loadYearModel,
  namesOf,
  rulesOf,
  type YearModel,
} from './timetable.model.js';
import { presentConflicts, presentEntry, presentPalette, presentRoom } from './timetable.presenter.js';
import {
  deleteEntries,
  insertEntries,
  lockYearEntries,
  moveEntries,
  periodLessonCounts,
} from './timetable.repository.js';

/**
 * The weekly timetable of a year: views (per class, teacher or room) with their conflicts, a dry-run check of
 * a change set for live feedback in the editor, and the save, which applies a change set in one transaction
 * only when it causes no conflict, then regenerates the future lessons of the periods already generated.
 */

async function yearOf(db: Database, schoolId: number, yearId: number): Promise<YearRow> {
  const year = await findYear(db, schoolId, yearId);
  if (!year) throw notFound();
  return year;
}

export async function getTimetable(
  deps: AppDeps,
  actor: Actor,
  yearId: number,
  query: TimetableQuery,
  locale: Locale,
): Promise<Timetable> {
  const school = schoolFor(actor, 'school.read');
  const year = await yearOf(deps.db, school.id, yearId);
  const [model, periods] = await Promise.all([
    loadYearModel(deps.db, school.id, year),
    periodLessonCounts(deps.db, school.id, year.id),
  ]);
  const { classId, teacherPersonId, roomId } = query;
  if (classId !== undefined && !model.classes.some((c) => c.id === classId)) throw notFound();
  if (roomId !== undefined && !model.rooms.some((r) => r.id === roomId)) throw notFound();

  const names = namesOf(model);
  const items = itemsOf(model);
  const inView = model.entries.filter((e) => {
    const a = model.assignments.get(e.assignmentId);
    if (!a) return false;
    if (classId !== undefined && a.classId !== classId) return false;
    if (teacherPersonId !== undefined && a.teacherPersonId !== teacherPersonId) return false;
    if (roomId !== undefined && e.roomId !== roomId) return false;
    return true;
  });
  const viewKeys = new Set(inView.map((e) => entryKey(e.id)));
  const conflicts = involving(timetableConflicts(items, rulesOf(model)), viewKeys);
  const assignments = [...model.assignments.values()];
  const palette =
    classId !== undefined
      ? assignments.filter((a) => a.classId === classId)
      : teacherPersonId !== undefined
        ? assignments.filter((a) => a.teacherPersonId === teacherPersonId)
        : [];
  const teachers = new Map<number, string>();
  for (const a of assignments) teachers.set(a.teacherPersonId, shortName(a));

  return {
    year: {
      id: year.id,
      name: year.name,
      startsOn: year.startsOn,
      endsOn: year.endsOn,
      daysPerWeek: year.daysPerWeek,
      shifts: year.shifts,
      status: year.status,
    },
    bells: model.bells,
    entries: inView.map((e) => presentEntry(e, model.assignments.get(e.assignmentId)!, names)),
    conflicts: presentConflicts(conflicts, items, names, locale, { multiShift: year.shifts > 1 }),
    palette: presentPalette(model, palette, items, names),
    classes: model.classes.map((c) => ({ id: c.id, label: className(c), grade: c.grade, shift: c.shift })),
    teachers: [...teachers]
      .map(([personId, name]) => ({ personId, name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    rooms: model.rooms.map(presentRoom),
    periods: periods.map((p) => ({ ...p, lessons: Number(p.lessons) })),
  };
}

interface Applied {
  items: SlotItem[];
  changedKeys: Set<string>;
  adds: Array<{ assignmentId: number; roomId: number | null; weekday: number; shift: number; lessonNumber: number }>;
  moves: Array<{ id: number; weekday: number; shift: number; lessonNumber: number; roomId: number | null }>;
  removes: number[];
}

/**
 * The timetable as it would be after the change set, with the keys of the entries it adds or moves. Refuses
 * what can never be right whatever else is in the grid: unknown ids (404, also for another school's), an
 * archived room, a day outside the school week, a slot without a bell.
 */
function applyChanges(model: YearModel, changes: readonly TimetableChange[]): Applied {
  const { year } = model;
  const bells = new Set(model.bells.map((b) => `${b.shift}:${b.lessonNumber}`));
  const rooms = new Map(model.rooms.map((r) => [r.id, r]));
  const entries = new Map(model.entries.map((e) => [e.id, e]));
  const touched = new Set<number>();

  const checkSlot = (c: { weekday: number; shift: number; lessonNumber: number }) => {
    if (c.weekday > year.daysPerWeek)
      throw new AppError(422, 'timetable.weekdayOutsideWeek', { days: year.daysPerWeek });
    if (c.shift > year.shifts) throw new AppError(422, 'timetable.shiftOutsideYear', { shifts: year.shifts });
    if (!bells.has(`${c.shift}:${c.lessonNumber}`)) {
      throw new AppError(422, 'timetable.noBell', { lesson: c.lessonNumber, shift: c.shift });
    }
  };
  const checkRoom = (roomId: number | null | undefined) => {
    if (roomId === null || roomId === undefined) return;
    const room = rooms.get(roomId);
    if (!room) throw notFound();
    if (room.archivedAt !== null) throw new AppError(422, 'timetable.roomArchived', { room: room.name });
  };
  const entryOf = (id: number) => {
    const e = entries.get(id);
    if (!e) throw notFound();
    if (touched.has(id)) throw unprocessable('timetable.duplicateChange');
    touched.add(id);
    return e;
  };

  const out: Applied = { items: [], changedKeys: new Set(), adds: [], moves: [], removes: [] };
  const moved = new Map<number, Applied['moves'][number]>();
  changes.forEach((c, index) => {
    if (c.op === 'add') {
      const a = model.assignments.get(c.assignmentId);
      if (!a) throw notFound();
      checkSlot(c);
      checkRoom(c.roomId);
      const add = { ...c, roomId: c.roomId ?? null };
      out.adds.push({
        assignmentId: add.assignmentId,
        roomId: add.roomId,
        weekday: add.weekday,
        shift: add.shift,
        lessonNumber: add.lessonNumber,
      });
      out.items.push(itemOf(addedKey(index), a, add));
      out.changedKeys.add(addedKey(index));
    } else if (c.op === 'move') {
      const e = entryOf(c.entryId);
      checkSlot(c);
      // An entry keeps its room (even one archived since) unless the move names another.
      if (c.roomId !== undefined && c.roomId !== e.roomId) checkRoom(c.roomId);
      const m = {
        id: e.id,
        weekday: c.weekday,
        shift: c.shift,
        lessonNumber: c.lessonNumber,
        roomId: c.roomId === undefined ? e.roomId : c.roomId,
      };
      moved.set(e.id, m);
      out.moves.push(m);
      out.changedKeys.add(entryKey(e.id));
    } else {
      entryOf(c.entryId);
      out.removes.push(c.entryId);
    }
  });
  const removed = new Set(out.removes);
  const kept = model.entries.filter((e) => !removed.has(e.id)).map((e) => ({ ...e, ...(moved.get(e.id) ?? {}) }));
  out.items.push(...itemsOf(model, kept));
  return out;
}

function judge(model: YearModel, applied: Applied, locale: Locale) {
  const conflicts = timetableConflicts(applied.items, rulesOf(model));
  const present = (list: typeof conflicts) =>
    presentConflicts(list, applied.items, namesOf(model), locale, {
      blockingKeys: applied.changedKeys,
      multiShift: model.year.shifts > 1,
    });
  return {
    all: present(conflicts),
    blocking: present(involving(conflicts, applied.changedKeys)),
    others: present(conflicts.filter((c) => !c.keys.some((k) => applied.changedKeys.has(k)))),
  };
}

/** The conflicts of the timetable as the change set would leave it (nothing is written). */
export async function checkChanges(
  deps: AppDeps,
  actor: Actor,
  yearId: number,
  changes: TimetableChange[],
  locale: Locale,
): Promise<{ conflicts: ApiConflict[] }> {
  const school = schoolFor(actor, 'school.manage');
  const year = await yearOf(deps.db, school.id, yearId);
  const model = await loadYearModel(deps.db, school.id, year);
  return { conflicts: judge(model, applyChanges(model, changes), locale).all };
}

/** Serialises saves of one year's timetable (released at commit). */
async function lockTimetable(trx: Database, schoolId: number, yearId: number) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`timetable:${schoolId}:${yearId}`}, 0))`.execute(trx);
}

export async function saveChanges(
  deps: AppDeps,
  actor: Actor,
  yearId: number,
  changes: TimetableChange[],
  locale: Locale,
  origin: AuditOrigin,
) {
  const school = schoolFor(actor, 'school.manage');
  const today = localDate(origin.at);
  return deps.db.transaction().execute(async (trx) => {
    const year = await assertYearOpen(trx, school.id, yearId);
    await lockTimetable(trx, school.id, year.id);
    const entries = await lockYearEntries(trx, school.id, year.id);
    const model = await loadYearModel(trx, school.id, year, entries);
    const applied = applyChanges(model, changes);
    const verdict = judge(model, applied, locale);
    if (verdict.blocking.length > 0) {
      throw new AppError(
        409,
        'timetable.conflicts',
        { count: verdict.blocking.length },
        { conflicts: verdict.blocking },
      );
    }

    await deleteEntries(trx, school.id, applied.removes);
    await moveEntries(trx, school.id, applied.moves);
    const added = await insertEntries(
      trx,
      applied.adds.map((a) => ({ schoolId: school.id, yearId: year.id, ...a })),
    );
    const regenerated = await regenerateFuture(trx, school.id, year, today);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'timetable.saved',
      subjectType: 'academicYear',
      subjectId: year.id,
      before: {
        moved: applied.moves.map((m) => {
          const e = entries.find((x) => x.id === m.id)!;
          return { entryId: e.id, weekday: e.weekday, shift: e.shift, lessonNumber: e.lessonNumber, roomId: e.roomId };
        }),
        removed: entries.filter((e) => applied.removes.includes(e.id)),
      },
      after: {
        added: applied.adds.map((a, i) => ({ entryId: added[i], ...a })),
        moved: applied.moves.map(({ id, ...m }) => ({ entryId: id, ...m })),
        regenerated,
      },
    });
    return { added, conflicts: verdict.others, regenerated };
  });
}

export async function generateLessons(
  deps: AppDeps,
  actor: Actor,
  yearId: number,
  periodId: number,
  origin: AuditOrigin,
): Promise<GenerateResult> {
  const school = schoolFor(actor, 'school.manage');
  const today = localDate(origin.at);
  return deps.db.transaction().execute(async (trx) => {
    const year = await assertYearOpen(trx, school.id, yearId);
    await lockTimetable(trx, school.id, year.id);
    const period = await trx
      .selectFrom('academicPeriods')
      .where('schoolId', '=', school.id)
      .where('yearId', '=', year.id)
      .where('id', '=', periodId)
      .select(['id', 'kind', 'number', 'startsOn', 'endsOn'])
      .executeTakeFirst();
    if (!period) throw notFound();
    const result = await generatePeriod(trx, school.id, year, period, today);
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'timetable.lessonsGenerated',
      subjectType: 'academicPeriod',
      subjectId: period.id,
      after: { yearId: year.id, kind: period.kind, number: period.number, ...result },
    });
    return result;
  });
}
