import type { AppDeps } from '../../deps.js';
import type { V2Scope } from './v2.access.js';
import { v2BadParameter, v2NotFound } from './v2.conventions.js';
import { isV2HomeworkWorkId, V2_HOMEWORK_WORK_BASE } from './v2.ids.js';
import { presentAssessmentWork, presentHomework, presentLesson } from './v2.lessons.presenter.js';
import { homeworkOf, type LessonRow, lessonRows, worksOf } from './v2.lessons.repository.js';
import { V2_LESSON_WORK_BASE } from './v2.marks.presenter.js';
import type { GroupRow } from './v2.presenter.js';

/** Lessons and works (kundelik-v2-api.md §1.7; tasks: v2.tasks.service.ts): a fixed number of statements per request. */

/** The longest date range one call may ask for (a school year and a bit). */
const MAX_DAYS = 400;
export function checkRange(from: string, to: string) {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
  if (days < 0 || days > MAX_DAYS) throw v2BadParameter('to');
}

/** The caller themself when they are a pupil: homework then carries their own task and its "done" tick. */
const selfPupil = (scope: V2Scope) => (scope.pupils.has(scope.actor.personId) ? scope.actor.personId : undefined);

async function withWorks(deps: AppDeps, scope: V2Scope, schoolId: number, lessons: LessonRow[], personId?: number) {
  const lessonIds = lessons.map((l) => l.id);
  const [works, homework] = await Promise.all([
    worksOf(deps.db, schoolId, { lessonIds }),
    homeworkOf(deps.db, schoolId, { lessonIds, personId }),
  ]);
  return lessons.map((l) => presentLesson(l, { works, homework }, scope.actor.locale, scope.today, personId));
}

export async function groupLessons(
  deps: AppDeps,
  scope: V2Scope,
  g: GroupRow,
  from: string,
  to: string,
  subjectId?: number,
) {
  checkRange(from, to);
  const lessons = await lessonRows(deps.db, {
    schoolId: g.schoolId,
    classId: g.classId,
    ...(g.subgroupId === null ? {} : { subgroupId: g.subgroupId }),
    ...(subjectId === undefined ? {} : { subjectId }),
    from,
    to,
  });
  return withWorks(deps, scope, g.schoolId, lessons, selfPupil(scope));
}

/** The schools whose lessons the caller may read (those of readable classes). */
const lessonSchools = (scope: V2Scope) => [...new Set(scope.classes.values())];

/** Lessons by id, readable ones only (their class is readable). */
export async function lessonsByIds(deps: AppDeps, scope: V2Scope, lessonIds: number[]) {
  const out = [];
  // One statement per school the caller belongs to (a parent with children at two schools: two).
  for (const schoolId of lessonSchools(scope)) {
    const lessons = (await lessonRows(deps.db, { schoolId, lessonIds })).filter((l) => scope.classes.has(l.classId));
    if (lessons.length) out.push(...(await withWorks(deps, scope, schoolId, lessons, selfPupil(scope))));
  }
  return out;
}

/**
 * Works by v2 id: СОр/СОч, lessons' ФО works, homework — readable ones only. `lessonId` instead lists a
 * lesson's works.
 */
export async function works(deps: AppDeps, scope: V2Scope, f: { workIds?: number[]; lessonId?: number }) {
  if (f.lessonId !== undefined) {
    const [lesson] = await lessonsByIds(deps, scope, [f.lessonId]);
    if (!lesson) throw v2NotFound('Lesson');
    return lesson.works;
  }
  const ids = f.workIds ?? [];
  const homeworkIds = ids.filter(isV2HomeworkWorkId).map((id) => id - V2_HOMEWORK_WORK_BASE);
  const foLessons = ids
    .filter((id) => id > V2_LESSON_WORK_BASE && !isV2HomeworkWorkId(id))
    .map((id) => id - V2_LESSON_WORK_BASE);
  const workIds = ids.filter((id) => id <= V2_LESSON_WORK_BASE);
  const personId = selfPupil(scope);
  const out = [];
  for (const schoolId of lessonSchools(scope)) {
    const [ws, hs, ls] = await Promise.all([
      workIds.length ? worksOf(deps.db, schoolId, { workIds }) : [],
      homeworkIds.length ? homeworkOf(deps.db, schoolId, { homeworkIds, personId }) : [],
      foLessons.length ? lessonRows(deps.db, { schoolId, lessonIds: foLessons }) : [],
    ]);
    out.push(...ws.filter((w) => scope.classes.has(w.classId)).map(presentAssessmentWork));
    out.push(...hs.filter((h) => scope.classes.has(h.classId)).map((h) => presentHomework(h, personId)));
    for (const l of ls.filter((x) => scope.classes.has(x.classId))) {
      const fo = presentLesson(l, { works: [], homework: [] }, scope.actor.locale, scope.today).works[0];
      if (fo) out.push(fo);
    }
  }
  return out;
}
