import type { Locale } from '@common/enums.js';
import type { Conflict as ApiConflict, PaletteItem, Room, TimetableEntry } from '@common/schemas/timetable.js';
import type { TFunction } from 'i18next';
import { translatorFor } from '../../plugins/i18n.js';
import { type Conflict, type SlotItem, weeklyHours } from './conflicts.js';
import { shortName, subjectName } from './timetable.access.js';
import type { Names, YearModel } from './timetable.model.js';
import type { AssignmentRow, EntryRow } from './timetable.repository.js';

const localized = (s: { nameKk: string; nameRu: string; nameEn: string }) => ({
  kk: s.nameKk,
  ru: s.nameRu,
  en: s.nameEn,
});

export function presentRoom(r: { id: number; name: string; capacity: number | null; archivedAt: Date | null }): Room {
  return { id: r.id, name: r.name, capacity: r.capacity, archived: r.archivedAt !== null };
}

export function presentEntry(e: EntryRow, a: AssignmentRow, names: Names): TimetableEntry {
  return {
    id: e.id,
    assignmentId: e.assignmentId,
    classId: a.classId,
    classLabel: names.classes.get(a.classId) ?? '',
    subgroupId: a.subgroupId,
    subgroupName: a.subgroupName,
    subjectId: a.subjectId,
    subject: localized(a),
    teacherPersonId: a.teacherPersonId,
    teacherName: shortName(a),
    roomId: e.roomId,
    roomName: e.roomId === null ? null : (names.rooms.get(e.roomId) ?? null),
    weekday: e.weekday,
    shift: e.shift,
    lessonNumber: e.lessonNumber,
  };
}

export function presentPalette(
  model: YearModel,
  assignments: AssignmentRow[],
  items: SlotItem[],
  names: Names,
): PaletteItem[] {
  const perAssignment = new Map<number, number>();
  for (const e of model.entries) perAssignment.set(e.assignmentId, (perAssignment.get(e.assignmentId) ?? 0) + 1);
  const curriculum = new Map(model.curriculum.map((c) => [`${c.grade}|${c.language}|${c.subjectId}`, c.hoursPerWeek]));
  return assignments.map((a) => ({
    assignmentId: a.assignmentId,
    classId: a.classId,
    classLabel: names.classes.get(a.classId) ?? '',
    subgroupId: a.subgroupId,
    subgroupName: a.subgroupName,
    subjectId: a.subjectId,
    subject: localized(a),
    teacherPersonId: a.teacherPersonId,
    teacherName: shortName(a),
    scheduled: perAssignment.get(a.assignmentId) ?? 0,
    subjectScheduled: weeklyHours(items, a.classId, a.subjectId),
    curriculumHours: curriculum.get(`${a.grade}|${a.language}|${a.subjectId}`) ?? null,
  }));
}

/** 'YYYY-MM-DD' → 'DD.MM.YYYY', the way dates are written in Kazakhstan in all three languages. */
const dottedDate = (d: string) => `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`;

function dayLabel(t: TFunction, day: number | string | undefined) {
  if (day === undefined) return '';
  return typeof day === 'number' ? t(`timetable.weekdays.${day}`) : dottedDate(day);
}

function slotLabel(t: TFunction, shift: number | undefined, lesson: number | undefined, multiShift: boolean) {
  return multiShift ? t('timetable.slot.shifted', { lesson, shift }) : t('timetable.slot.plain', { lesson });
}

/**
 * A conflict as the API shows it: which entries (by id), added changes (by index) or dated lessons (by id) it
 * involves, the cells to highlight, and a message in the caller's language naming the teacher, room or class.
 */
export function presentConflicts(
  conflicts: readonly Conflict[],
  items: readonly SlotItem[],
  names: Names,
  locale: Locale,
  opts: { blockingKeys?: ReadonlySet<string>; multiShift: boolean },
): ApiConflict[] {
  const t = translatorFor(locale);
  const byKey = new Map(items.map((i) => [i.key, i]));
  return conflicts.map((c) => {
    const p = c.params;
    const subject = p.subjectId === undefined ? undefined : names.subjects.get(p.subjectId);
    const message = t(`timetable.conflict.${c.kind}`, {
      teacher:
        p.teacherPersonId === undefined ? '' : (names.teachers.get(p.teacherPersonId) ?? `#${p.teacherPersonId}`),
      room: p.roomId === undefined ? '' : (names.rooms.get(p.roomId) ?? `#${p.roomId}`),
      class: p.classId === undefined ? '' : (names.classes.get(p.classId) ?? `#${p.classId}`),
      subgroup: p.subgroupId === undefined ? '' : (names.subgroups.get(p.subgroupId) ?? `#${p.subgroupId}`),
      subject: subject ? subjectName(subject, locale) : '',
      day: dayLabel(t, p.day),
      slot: slotLabel(t, p.shift, p.lessonNumber, opts.multiShift),
      count: p.count,
      max: p.max,
    });
    const pick = (prefix: string) => c.keys.filter((k) => k.startsWith(prefix)).map((k) => Number(k.slice(1)));
    return {
      kind: c.kind,
      message,
      entryIds: pick('e'),
      changeIndexes: pick('n'),
      lessonIds: pick('l'),
      slots: c.keys.flatMap((k) => {
        const i = byKey.get(k);
        return i ? [{ day: i.day, shift: i.shift, lessonNumber: i.lessonNumber }] : [];
      }),
      blocking: opts.blockingKeys ? c.keys.some((k) => opts.blockingKeys?.has(k)) : false,
    };
  });
}
