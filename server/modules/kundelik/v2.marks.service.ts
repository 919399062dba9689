import type { AppDeps } from '../../deps.js';
import type { Actor } from '../auth/actor.js';
import { v2NotFound } from './v2.conventions.js';
import { parseV2GroupId } from './v2.ids.js';
import {
  actorSchools,
  groupScope,
  lessonScope,
  lessonsScope,
  pupilScope,
  type ReadScope,
  readable,
  workScope,
} from './v2.marks.access.js';
import { presentMark } from './v2.marks.presenter.js';
import { type MarkFilter, markRows } from './v2.marks.repository.js';

/**
 * The Mark[] reads of §1.9: each resolves the reader's scope (v2.marks.access.ts), reads the marks in one statement
 * and keeps what the scope allows. A fixed handful of statements per request.
 */

async function scoped(deps: AppDeps, scope: ReadScope, f: Omit<MarkFilter, 'schoolId'>) {
  const rows = await markRows(deps.db, { ...f, schoolId: scope.schoolId });
  return readable(rows, scope, (r) => r.studentPersonId).map(presentMark);
}

/** GET marks/{mark}. */
export async function markById(deps: AppDeps, actor: Actor, markId: number) {
  const schools = actorSchools(actor);
  const found =
    schools.length === 0
      ? undefined
      : await deps.db
          .selectFrom('marks')
          .where('schoolId', 'in', schools)
          .where('id', '=', markId)
          .where('deletedAt', 'is', null)
          .select(['schoolId', 'studentPersonId', 'yearStart'])
          .executeTakeFirst();
  if (!found) throw v2NotFound('Mark');
  let scope: ReadScope;
  try {
    scope = await pupilScope(deps, actor, Number(found.studentPersonId), Number(found.schoolId));
  } catch {
    throw v2NotFound('Mark');
  }
  const [mark] = await scoped(deps, scope, { markIds: [markId], yearStarts: [found.yearStart] });
  if (!mark) throw v2NotFound('Mark');
  return mark;
}

/** GET works/{w}/marks (and persons/{p}/works/{w}/marks with `personId`). */
export async function workMarks(deps: AppDeps, actor: Actor, workId: number, personId?: number) {
  const scope = await workScope(deps, actor, workId);
  return scoped(deps, scope, { workIds: [workId], ...(personId ? { personIds: [personId] } : {}) });
}

/** GET lessons/{l}/marks (and persons/{p}/lessons/{l}/marks). */
export async function lessonMarks(deps: AppDeps, actor: Actor, lessonId: number, personId?: number) {
  const scope = await lessonScope(deps, actor, lessonId);
  return scoped(deps, scope, {
    lessonIds: [lessonId],
    from: scope.lesson.date,
    to: scope.lesson.date,
    ...(personId ? { personIds: [personId] } : {}),
  });
}

/** POST lessons/marks: the marks of many lessons (those the reader may not see are skipped, v2.marks.access.ts). */
export async function manyLessonMarks(deps: AppDeps, actor: Actor, lessonIds: number[]) {
  const found = await lessonsScope(deps, actor, lessonIds);
  if (!found) return [];
  return scoped(deps, found.scope, { lessonIds: found.lessonIds, from: found.from, to: found.to });
}

/** GET edu-groups/{g}/marks/{from}/{to} and …/subjects/{s}/marks/{from}/{to}. */
export async function groupMarks(
  deps: AppDeps,
  actor: Actor,
  groupId: number,
  from: string,
  to: string,
  subjectId?: number,
) {
  const scope = await groupScope(deps, actor, groupId);
  return scoped(deps, scope, {
    classId: scope.cls.classId,
    ...(scope.subgroupId ? { subgroupId: scope.subgroupId } : {}),
    from,
    to,
    ...(subjectId ? { subjectId } : {}),
    ...(scope.pupils ? { personIds: [...scope.pupils] } : {}),
  });
}

/** The person-level Mark[] reads: by school, edu-group, subject, date range, date given, lesson date. */
export async function personMarks(
  deps: AppDeps,
  actor: Actor,
  personId: number,
  f: { schoolId?: number; groupId?: number; subjectId?: number; from?: string; to?: string; givenOn?: string },
) {
  const scope = await pupilScope(deps, actor, personId, f.schoolId);
  const { schoolId: _s, groupId, ...rest } = f;
  return scoped(deps, scope, {
    ...rest,
    ...(groupId === undefined ? {} : groupFilter(groupId)),
    personIds: [personId],
    ...(f.givenOn ? { yearStarts: [yearOf(f.givenOn) - 1, yearOf(f.givenOn)] } : {}),
  });
}
const yearOf = (day: string) => Number(day.slice(0, 4));

/** A v2 edu-group id as a marks filter: its class, or its sub-group. */
export function groupFilter(groupId: number): { classId: number } | { subgroupId: number } {
  return parseV2GroupId(groupId);
}
