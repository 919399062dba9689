/**
 * How our ids become v2 ids (docs/kundelik-compat.md "Ids"). Institutions, persons, classes, lessons, subjects,
 * periods and СОр/СОч works keep their own ids. Where two of our tables meet in one v2 id space a base is added
 * (all results stay below 2^53, so the JSON number is exact):
 * - edu-groups: a class is its class id, a sub-group is V2_SUBGROUP_BASE + its id;
 * - works: an СОр/СОч is its assessment_works id, a lesson's implicit ФО work V2_LESSON_WORK_BASE + lesson id
 *   (v2.marks.presenter.ts), a homework V2_HOMEWORK_WORK_BASE + homework id;
 * - timetables (bell schedules): year id × 10 + shift;
 * - tasks (one pupil's copy of a homework): V2_TASK_BASE + homework id × 2^20 + (person id mod 2^20) — see
 *   v2TaskId.
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

/**
 * Task ids. A Task is one pupil's copy of a homework and has no row of its own (homework_done holds only the
 * ticks), so its id packs both: V2_TASK_BASE (5·10^15, above the final marks' hashes) + homework id × 2^20 + the
 * pupil's person id mod 2^20. Below 2^53 for homework ids up to 3.8·10^9. The low part names the pupil among the
 * homework's class: two pupils of one class whose ids agree mod 2^20 (ids 1 048 576 apart) would share a task
 * id — GET tasks/{task} then answers the lower person id's task (docs/kundelik-compat.md "Ids").
 */
export const V2_TASK_BASE = 5_000_000_000_000_000;
export const V2_TASK_PUPIL_SLOTS = 2 ** 20;
export const v2TaskId = (homeworkId: number, personId: number) =>
  V2_TASK_BASE + homeworkId * V2_TASK_PUPIL_SLOTS + (personId % V2_TASK_PUPIL_SLOTS);
/** A v2 task id → its homework and the pupil's slot (person id mod 2^20); null when it is no task id. */
export function parseV2TaskId(id: number): { homeworkId: number; slot: number } | null {
  if (id <= V2_TASK_BASE) return null;
  const rest = id - V2_TASK_BASE;
  const homeworkId = Math.floor(rest / V2_TASK_PUPIL_SLOTS);
  return homeworkId > 0 ? { homeworkId, slot: rest % V2_TASK_PUPIL_SLOTS } : null;
}
