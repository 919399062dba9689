import type { Database } from '../../db/client.js';
import { className } from '../classes/classes.queries.js';
import { type BellRow, type YearRow, yearBells } from '../school-year/school-year.queries.js';
import type { SlotItem, TimetableRules } from './conflicts.js';
import { shortName } from './timetable.access.js';
import {
  type AssignmentRow,
  type EntryRow,
  schoolRooms,
  yearAssignments,
  yearClasses,
  yearCurriculum,
  yearEntries,
} from './timetable.repository.js';

/**
 * Everything about one year's timetable that views, checks and saves need, loaded with one query per table
 * (never per entry), and the conversions to the conflict engine's items.
 */
export interface YearModel {
  year: YearRow;
  bells: BellRow[];
  assignments: Map<number, AssignmentRow>;
  entries: EntryRow[];
  classes: Awaited<ReturnType<typeof yearClasses>>;
  rooms: Awaited<ReturnType<typeof schoolRooms>>;
  curriculum: Awaited<ReturnType<typeof yearCurriculum>>;
}

export async function loadYearModel(
  db: Database,
  schoolId: number,
  year: YearRow,
  entries?: EntryRow[],
): Promise<YearModel> {
  const [bells, assignments, loadedEntries, classes, rooms, curriculum] = await Promise.all([
    yearBells(db, schoolId, year.id),
    yearAssignments(db, schoolId, year.id),
    entries ? Promise.resolve(entries) : yearEntries(db, schoolId, year.id),
    yearClasses(db, schoolId, year.id),
    schoolRooms(db, schoolId),
    yearCurriculum(db, schoolId, year.id),
  ]);
  return {
    year,
    bells,
    assignments: new Map(assignments.map((a) => [a.assignmentId, a])),
    entries: loadedEntries,
    classes,
    rooms,
    curriculum,
  };
}

export const entryKey = (id: number) => `e${id}`;
export const addedKey = (changeIndex: number) => `n${changeIndex}`;

/** The engine's view of an entry (slot and room from the entry, the rest from its assignment). */
export function itemOf(
  key: string,
  a: AssignmentRow,
  slot: { weekday: number; shift: number; lessonNumber: number; roomId: number | null },
): SlotItem {
  return {
    key,
    classId: a.classId,
    subgroupId: a.subgroupId,
    subjectId: a.subjectId,
    teacherPersonId: a.teacherPersonId,
    roomId: slot.roomId,
    day: slot.weekday,
    shift: slot.shift,
    lessonNumber: slot.lessonNumber,
  };
}

export function itemsOf(model: YearModel, entries: readonly EntryRow[] = model.entries): SlotItem[] {
  const out: SlotItem[] = [];
  for (const e of entries) {
    const a = model.assignments.get(e.assignmentId);
    if (a) out.push(itemOf(entryKey(e.id), a, e));
  }
  return out;
}

export function rulesOf(model: YearModel): TimetableRules {
  return {
    bells: model.bells,
    classes: new Map(model.classes.map((c) => [c.id, { grade: c.grade, language: c.language }])),
    maxLessonsPerDay: model.year.maxLessonsPerDay,
    curriculum: model.curriculum,
  };
}

/** Names for messages and cells: class labels, teachers, rooms, sub-groups, subjects. */
export function namesOf(model: YearModel) {
  const classes = new Map(model.classes.map((c) => [c.id, className(c)]));
  const teachers = new Map<number, string>();
  const subgroups = new Map<number, string>();
  const subjects = new Map<number, { nameKk: string; nameRu: string; nameEn: string }>();
  for (const a of model.assignments.values()) {
    teachers.set(a.teacherPersonId, shortName(a));
    if (a.subgroupId !== null && a.subgroupName !== null) subgroups.set(a.subgroupId, a.subgroupName);
    subjects.set(a.subjectId, a);
  }
  const rooms = new Map(model.rooms.map((r) => [r.id, r.name]));
  return { classes, teachers, subgroups, subjects, rooms };
}
export type Names = ReturnType<typeof namesOf>;
