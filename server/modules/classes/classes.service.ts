import {
  CLASS_CAPACITY,
  type ClassCreate,
  type ClassDetail,
  type ClassHistoryEntry,
  type ClassList,
  type ClassUpdate,
  type EnrollBody,
  type EnrollResult,
  type LeaveBody,
} from '@common/schemas/classes.js';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { AppError, conflict, notFound, unprocessable } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import { allow } from '../../policies/index.js';
import { type AuditOrigin, recordAudit } from '../audit/audit.recorder.js';
import type { Actor } from '../auth/actor.js';
import { uniqueViolation } from '../persons/person.rules.js';
import { assertYearOpen, currentYear, findYear, type YearRow } from '../school-year/school-year.queries.js';
import { contextSchool, seesPeople } from './classes.access.js';
import { enrollStudents } from './classes.enrollment.js';
import { presentAssignment, presentClass, presentHistory } from './classes.presenter.js';
import { findClass } from './classes.queries.js';
import {
  classHistory,
  currentEmployees,
  findClassSummary,
  listAssignments,
  listClasses,
  listRoster,
  listSubgroupMembers,
  listSubgroups,
  personAtSchool,
} from './classes.repository.js';

/** A warning the route puts into the caller's language (errors namespace). */
export interface WarningCode {
  code: string;
  params?: Record<string, string | number>;
}

/** Today, kept inside the year: before it begins, its first day; after it ended, its last day. */
export const clampToYear = (day: string, year: { startsOn: string; endsOn: string }) =>
  day < year.startsOn ? year.startsOn : day > year.endsOn ? year.endsOn : day;

/** Kazakh alphabetical order for letters (А, Ә, Б … then Latin), not code points (which put «Ә» after «Я»). */
const letterOrder = new Intl.Collator('kk').compare;

const overCapacityWarning = (count: number): WarningCode[] =>
  count > CLASS_CAPACITY ? [{ code: 'classes.overCapacity', params: { count, capacity: CLASS_CAPACITY } }] : [];

/** The year asked for (404 if not this school's), or the current one (null when the school has none yet). */
export async function resolveYear(db: Database, schoolId: number, yearId: number | undefined, today: string) {
  if (yearId === undefined) return currentYear(db, schoolId, today);
  const year = await findYear(db, schoolId, yearId);
  if (!year) throw notFound();
  return year;
}

/** A class teacher must work at the school (any role: the deputy director may be one too). */
async function checkClassTeacher(db: Database, schoolId: number, personId: number | null | undefined, day: string) {
  if (personId === null || personId === undefined) return;
  if (!(await currentEmployees(db, schoolId, [personId], day)).has(personId)) {
    throw unprocessable('classes.notEmployee');
  }
}

/** Letters are stored upper-case and composed («ә» and «ә» typed as a + combining mark both become «Ә»). */
const normaliseLetter = (letter: string) => letter.normalize('NFC').toLocaleUpperCase('kk');

export async function listClassesFor(
  deps: AppDeps,
  actor: Actor,
  query: { yearId?: number; on?: string },
): Promise<ClassList> {
  const school = contextSchool(actor, 'school.read');
  const today = localDate(deps.clock.now());
  const year = await resolveYear(deps.db, school.id, query.yearId, today);
  if (!year) return { yearId: null, on: null, capacity: CLASS_CAPACITY, items: [] };
  const on = query.on ?? clampToYear(today, year);
  const rows = await listClasses(deps.db, school.id, year.id, on);
  rows.sort((a, b) => a.grade - b.grade || letterOrder(a.letter, b.letter) || a.id - b.id);
  return { yearId: year.id, on, capacity: CLASS_CAPACITY, items: rows.map(presentClass) };
}

export async function getClassDetail(
  deps: AppDeps,
  actor: Actor,
  classId: number,
  onQuery?: string,
): Promise<ClassDetail & { warningCodes: WarningCode[] }> {
  const school = contextSchool(actor, 'school.read');
  const cls = await findClass(deps.db, school.id, classId);
  if (!cls) throw notFound();
  const year = (await findYear(deps.db, school.id, cls.yearId)) as YearRow;
  const on = onQuery ?? clampToYear(localDate(deps.clock.now()), year);
  const people = seesPeople(actor, school);
  const [summary, roster, subgroups, assignments] = await Promise.all([
    findClassSummary(deps.db, school.id, classId, on),
    people ? listRoster(deps.db, school.id, classId, on) : Promise.resolve([]),
    listSubgroups(deps.db, school.id, classId),
    listAssignments(deps.db, school.id, { yearId: cls.yearId, classId }),
  ]);
  if (!summary) throw notFound();
  const members = people
    ? await listSubgroupMembers(
        deps.db,
        school.id,
        subgroups.map((g) => g.id),
        on,
      )
    : [];
  const base = presentClass(summary);
  return {
    ...base,
    on,
    roster: roster.map((r) => ({ ...r })),
    subgroups: subgroups.map((g) => ({
      id: g.id,
      classId: g.classId,
      name: g.name,
      assignmentCount: Number(g.assignmentCount ?? 0),
      members: members
        .filter((m) => m.subgroupId === g.id)
        .map(({ personId, surname, firstName, patronymic }) => ({ personId, surname, firstName, patronymic })),
    })),
    assignments: assignments.map(presentAssignment),
    yearClosed: year.status === 'closed',
    warnings: [],
    warningCodes: overCapacityWarning(base.studentCount),
  };
}

export async function createClass(deps: AppDeps, actor: Actor, input: ClassCreate, origin: AuditOrigin) {
  const school = contextSchool(actor, 'school.manage');
  const day = localDate(origin.at);
  const letter = normaliseLetter(input.letter);
  const id = await deps.db.transaction().execute(async (trx) => {
    await assertYearOpen(trx, school.id, input.yearId);
    await checkClassTeacher(trx, school.id, input.classTeacherPersonId, day);
    const values = {
      grade: input.grade,
      letter,
      language: input.language,
      shift: input.shift,
      classTeacherPersonId: input.classTeacherPersonId ?? null,
    };
    const row = await trx
      .insertInto('classes')
      .values({ schoolId: school.id, yearId: input.yearId, ...values, createdAt: origin.at, updatedAt: origin.at })
      .returning('id')
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw uniqueViolation(error) !== null ? conflict('classes.exists') : error;
      });
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'class.created',
      subjectType: 'class',
      subjectId: row.id,
      after: { classId: row.id, yearId: input.yearId, ...values },
    });
    return row.id;
  });
  return getClassDetail(deps, actor, id);
}

export async function updateClass(
  deps: AppDeps,
  actor: Actor,
  classId: number,
  input: ClassUpdate,
  origin: AuditOrigin,
) {
  const school = contextSchool(actor, 'school.manage');
  const day = localDate(origin.at);
  await deps.db.transaction().execute(async (trx) => {
    const cls = await findClass(trx, school.id, classId);
    if (!cls) throw notFound();
    await assertYearOpen(trx, school.id, cls.yearId);
    await checkClassTeacher(trx, school.id, input.classTeacherPersonId, day);
    const changes = {
      ...(input.grade !== undefined ? { grade: input.grade } : {}),
      ...(input.letter !== undefined ? { letter: normaliseLetter(input.letter) } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
      ...(input.shift !== undefined ? { shift: input.shift } : {}),
      ...(input.classTeacherPersonId !== undefined ? { classTeacherPersonId: input.classTeacherPersonId } : {}),
    };
    await trx
      .updateTable('classes')
      .set({ ...changes, updatedAt: origin.at })
      .where('schoolId', '=', school.id)
      .where('id', '=', classId)
      .execute()
      .catch((error: unknown) => {
        throw uniqueViolation(error) !== null ? conflict('classes.exists') : error;
      });
    const before = Object.fromEntries(Object.keys(changes).map((k) => [k, cls[k as keyof typeof changes]]));
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'class.updated',
      subjectType: 'class',
      subjectId: classId,
      before: { classId, ...before },
      after: { classId, ...changes },
    });
  });
  return getClassDetail(deps, actor, classId);
}

/** Enrols (or moves here) students of the school; above 25 students the answer warns, it never refuses. */
export async function enrollInClass(
  deps: AppDeps,
  actor: Actor,
  classId: number,
  input: EnrollBody,
  origin: AuditOrigin,
): Promise<Omit<EnrollResult, 'warnings'> & { warningCodes: WarningCode[] }> {
  const school = contextSchool(actor, 'school.manage');
  const today = localDate(origin.at);
  return deps.db.transaction().execute(async (trx) => {
    const cls = await findClass(trx, school.id, classId);
    if (!cls) throw notFound();
    const year = await assertYearOpen(trx, school.id, cls.yearId);
    const startsOn = input.startsOn ?? clampToYear(today, year);
    const result = await enrollStudents(trx, school.id, cls.yearId, classId, input.personIds, startsOn, origin);
    const summary = await findClassSummary(trx, school.id, classId, startsOn);
    const studentCount = Number(summary?.studentCount ?? 0);
    return {
      ...result,
      studentCount,
      overCapacity: studentCount > CLASS_CAPACITY,
      warningCodes: overCapacityWarning(studentCount),
    };
  });
}

/**
 * A student leaves the class (without joining another one here): the enrolment ends on `endsOn`, their last
 * day, and stays as history. One that would only have begun after `endsOn` is deleted (it never took effect).
 */
export async function leaveClass(
  deps: AppDeps,
  actor: Actor,
  classId: number,
  personId: number,
  input: LeaveBody,
  origin: AuditOrigin,
) {
  const school = contextSchool(actor, 'school.manage');
  const endsOn = input.endsOn ?? localDate(origin.at);
  await deps.db.transaction().execute(async (trx) => {
    const cls = await findClass(trx, school.id, classId);
    if (!cls) throw notFound();
    const year = await assertYearOpen(trx, school.id, cls.yearId);
    if (endsOn > year.endsOn) {
      throw new AppError(422, 'classes.dateOutsideYear', { startsOn: year.startsOn, endsOn: year.endsOn });
    }
    const e = await trx
      .selectFrom('classEnrollments')
      .where('schoolId', '=', school.id)
      .where('classId', '=', classId)
      .where('studentPersonId', '=', personId)
      .where('endsOn', 'is', null)
      .select(['id', 'startsOn'])
      .forUpdate()
      .executeTakeFirst();
    if (!e) throw unprocessable('classes.notEnrolled');
    const neverBegan = endsOn < e.startsOn;
    if (neverBegan) {
      await trx.deleteFrom('classEnrollments').where('schoolId', '=', school.id).where('id', '=', e.id).execute();
    } else {
      await trx
        .updateTable('classEnrollments')
        .set({ endsOn, endReason: input.reason })
        .where('schoolId', '=', school.id)
        .where('id', '=', e.id)
        .execute();
    }
    await recordAudit(trx, origin, {
      institutionId: school.id,
      action: 'class.left',
      subjectType: 'person',
      subjectId: personId,
      before: { classId, startsOn: e.startsOn, endsOn: null },
      after: neverBegan ? { classId, deleted: true } : { classId, endsOn, endReason: input.reason },
    });
  });
}

/**
 * A student's classes at the context school over the years. Moves keep the old rows, and a school the
 * student has left still reads the rows of its own years (never another school's): staff who may read the
 * school's people, the student themself and a linked parent.
 */
export async function personClassHistory(deps: AppDeps, actor: Actor, personId: number): Promise<ClassHistoryEntry[]> {
  const school = contextSchool(actor, 'school.read');
  const found = await personAtSchool(deps.db, school.id, personId, actor.personId);
  if (!found?.member) throw notFound();
  const self = actor.personId === personId;
  const staff = allow(actor, 'person.readAny', school);
  const parent = actor.context?.profile === 'parent' && !!found.childOfActor;
  if (!self && !staff && !parent) throw notFound();
  const rows = await classHistory(deps.db, school.id, personId);
  return rows.map(presentHistory);
}
