/**
 * How our ids become v2 ids (docs/kundelik-compat.md "Ids"). Institutions, persons, classes, lessons, subjects,
 * periods and СОр/СОч works keep their own ids. Where two of our tables meet in one v2 id space a base is added
 * (all results stay below 2^53, so the JSON number is exact):
 * - edu-groups: a class is its class id, a sub-group is V2_SUBGROUP_BASE + its id;
 * - works: an СОр/СОч is its assessment_works id, a lesson's implicit ФО work V2_LESSON_WORK_BASE + lesson id
 *   (v2.marks.presenter.ts), a homework V2_HOMEWORK_WORK_BASE + homework id;
 * - timetables (bell schedules): year id × 10 + shift.
 */
export const V2_SUBGROUP_BASE = 1_000_000_000_000_000;
export const V2_HOMEWORK_WORK_BASE = 2_000_000_000_000_000;

export const v2SubgroupId = (subgroupId: number) => V2_SUBGROUP_BASE + subgroupId;
export const v2GroupId = (classId: number, subgroupId: number | null) =>
  subgroupId === null ? classId : v2SubgroupId(subgroupId);
/** A v2 edu-group id → our class or sub-group. */
export function parseV2GroupId(id: number): { classId: number } | { subgroupId: number } {
  return id > V2_SUBGROUP_BASE ? { subgroupId: id - V2_SUBGROUP_BASE } : { classId: id };
}

export const v2HomeworkWorkId = (homeworkId: number) => V2_HOMEWORK_WORK_BASE + homeworkId;
export const isV2HomeworkWorkId = (id: number) => id > V2_HOMEWORK_WORK_BASE;

export const v2TimetableId = (yearId: number, shift: number) => yearId * 10 + shift;
export const parseV2TimetableId = (id: number) => ({ yearId: Math.floor(id / 10), shift: id % 10 });
