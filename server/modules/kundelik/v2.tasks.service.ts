import { addDays } from '@common/calendar.js';
import type { AppDeps } from '../../deps.js';
import { pupilSchool, type V2Scope } from './v2.access.js';
import { v2NotFound } from './v2.conventions.js';
import { groupsOfPupils } from './v2.groups.repository.js';
import { isV2HomeworkWorkId, parseV2TaskId, V2_HOMEWORK_WORK_BASE } from './v2.ids.js';
import { presentTask } from './v2.lessons.presenter.js';
import { type HomeworkRow, homeworkOf } from './v2.lessons.repository.js';
import { checkRange } from './v2.lessons.service.js';
import { doneTicks, homeworkPupils } from './v2.tasks.repository.js';

/**
 * Tasks (kundelik-v2-api.md §1.7): one per pupil and homework, `status` the pupil's diary tick. Who sees which:
 * a pupil their own, a parent their children's, staff every pupil of a class they read as staff (the homework's
 * readers are the lesson's: v2.access.ts). A fixed number of statements per request.
 */

type V2Task = ReturnType<typeof presentTask>;

/** The schools whose lessons (and homework) the caller may read. */
const readableSchools = (scope: V2Scope) => [...new Set(scope.classes.values())];

/** The tasks of some homework (all of one school) the caller may see, in homework then person order. */
async function tasksOf(
  deps: AppDeps,
  scope: V2Scope,
  schoolId: number,
  hws: HomeworkRow[],
  f: { personIds?: number[]; slot?: number } = {},
) {
  const visible = hws.filter((h) => scope.classes.has(h.classId));
  const pupils = await homeworkPupils(deps.db, schoolId, visible, f);
  const pairs = visible.flatMap((h) =>
    (pupils.get(h.id) ?? [])
      .filter((p) => scope.staffClasses.has(h.classId) || scope.pupils.has(p))
      .map((p) => ({ h, p })),
  );
  const done = await doneTicks(
    deps.db,
    schoolId,
    [...new Set(pairs.map((x) => x.h.id))],
    [...new Set(pairs.map((x) => x.p))],
  );
  return pairs.map(({ h, p }) => presentTask(h, p, done.has(`${h.id}:${p}`)));
}

/** Tasks of the homework of some lessons (GET lessons/{l}/tasks, GET tasks?lessons=…), optionally of one pupil. */
export async function lessonTasks(deps: AppDeps, scope: V2Scope, lessonIds: number[], personId?: number) {
  const out: V2Task[] = [];
  if (lessonIds.length === 0) return out;
  for (const schoolId of readableSchools(scope)) {
    const hws = await homeworkOf(deps.db, schoolId, { lessonIds });
    out.push(...(await tasksOf(deps, scope, schoolId, hws, personId === undefined ? {} : { personIds: [personId] })));
  }
  return out;
}

/** GET works/{w}/tasks: a homework work's tasks; a ФО / СОр / СОч work has none. 404 when unreadable. */
export async function workTasks(deps: AppDeps, scope: V2Scope, workId: number, readable: boolean) {
  if (!readable) throw v2NotFound('Work');
  if (!isV2HomeworkWorkId(workId)) return [];
  const homeworkIds = [workId - V2_HOMEWORK_WORK_BASE];
  const out: V2Task[] = [];
  for (const schoolId of readableSchools(scope)) {
    out.push(...(await tasksOf(deps, scope, schoolId, await homeworkOf(deps.db, schoolId, { homeworkIds }))));
  }
  return out;
}

/** GET tasks/{task}: the pupil of the id's slot (the lowest such id of the class, v2.ids.ts), else 404. */
export async function taskById(deps: AppDeps, scope: V2Scope, taskId: number) {
  const parsed = parseV2TaskId(taskId);
  if (!parsed) throw v2NotFound('Task');
  for (const schoolId of readableSchools(scope)) {
    const hws = await homeworkOf(deps.db, schoolId, { homeworkIds: [parsed.homeworkId] });
    if (hws.length === 0) continue;
    const [task] = await tasksOf(deps, scope, schoolId, hws, { slot: parsed.slot });
    if (task) return task;
  }
  throw v2NotFound('Task');
}

/**
 * A pupil's tasks (GET persons/{p}/tasks): their current class's (and sub-groups') homework due in [from, to]
 * (default today), paged like the clients ask (pageNumber from 1).
 */
export async function personTasks(
  deps: AppDeps,
  scope: V2Scope,
  personId: number,
  q: { from?: string; to?: string; subject?: number; pageNumber?: number; pageSize?: number },
) {
  const from = q.from ?? scope.today;
  const to = q.to ?? from;
  checkRange(from, to);
  const { rows } = await pupilHomework(deps, scope, personId, { from, to, subjectId: q.subject });
  const size = q.pageSize ?? 1000;
  const page = q.pageNumber ?? 1;
  return rows.slice((page - 1) * size, page * size).map((h) => presentTask(h, personId));
}

/**
 * GET tasks/{personId}/undone: the pupil's overdue tasks — homework of their current class (and sub-groups) due
 * before today, set since they joined the class, that they have not ticked done — oldest first.
 */
export async function undoneTasks(deps: AppDeps, scope: V2Scope, personId: number) {
  const { schoolId, rows } = await pupilHomework(deps, scope, personId, {
    to: addDays(scope.today, -1),
    undone: true,
  });
  // Homework set before the pupil joined the class is not theirs to do.
  const theirs = await homeworkPupils(deps.db, schoolId, rows, { personIds: [personId] });
  return rows.filter((h) => theirs.get(h.id)?.length).map((h) => presentTask(h, personId));
}

/** A readable pupil's homework of their current class and sub-groups (404 for anyone else). */
async function pupilHomework(
  deps: AppDeps,
  scope: V2Scope,
  personId: number,
  f: { from?: string; to: string; subjectId?: number | undefined; undone?: boolean },
) {
  const schoolId = await pupilSchool(deps.db, scope, personId);
  const groups = (await groupsOfPupils(deps.db, [personId], scope.today)).filter((g) => g.schoolId === schoolId);
  const cls = groups.find((g) => g.subgroupId === null);
  if (!cls) return { schoolId, rows: [] };
  const rows = await homeworkOf(deps.db, schoolId, {
    classId: cls.classId,
    pupilSubgroups: groups.flatMap((g) => (g.subgroupId === null ? [] : [g.subgroupId])),
    ...(f.subjectId === undefined ? {} : { subjectId: f.subjectId }),
    ...(f.from === undefined ? {} : { from: f.from }),
    to: f.to,
    personId,
    ...(f.undone ? { undone: true } : {}),
  });
  return { schoolId, rows };
}
