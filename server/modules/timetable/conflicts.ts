import { timeToMinutes } from '@common/calendar.js';

/**
 * The timetable's conflict engine: pure, no database. It judges a whole set of lessons at once — a year's
 * weekly entries (day = weekday 1…6) or one date's dated lessons (day = 'YYYY-MM-DD') — and reports every
 * clash with the items involved, so the editor can highlight cells and the save can refuse only the clashes a
 * change set caused.
 *
 * Two items overlap when they are on the same day and either share the slot (shift + lesson number) or their
 * bell times overlap: a teacher with lesson 6 of the first shift and lesson 1 of the second may be double-booked
 * when the shifts overlap in time. Without bell times only the same slot counts.
 */

export type ConflictKind = 'teacherBusy' | 'roomBusy' | 'classBusy' | 'subgroupBusy' | 'dayLimit' | 'weeklyHours';

/** A lesson in the weekly timetable or on a date, reduced to what conflicts depend on. */
export interface SlotItem {
  /** Opaque and unique within one check: 'e12' for entry 12, 'n0' for the first added one… */
  key: string;
  classId: number;
  subgroupId: number | null;
  subjectId: number;
  /** The teacher who actually gives the lesson (a substitute, when there is one). */
  teacherPersonId: number;
  roomId: number | null;
  day: number | string;
  shift: number;
  lessonNumber: number;
}

export interface Bell {
  shift: number;
  lessonNumber: number;
  startsAt: string;
  endsAt: string;
}

export interface ConflictParams {
  teacherPersonId?: number;
  roomId?: number;
  classId?: number;
  subgroupId?: number;
  subjectId?: number;
  day?: number | string;
  shift?: number;
  lessonNumber?: number;
  count?: number;
  max?: number;
}

export interface Conflict {
  kind: ConflictKind;
  /** The items involved, in time order. */
  keys: string[];
  params: ConflictParams;
}

export interface TimetableRules {
  bells: readonly Bell[];
  /** Grade and language of instruction of every class that has items. */
  classes: ReadonlyMap<number, { grade: number; language: string }>;
  /** Index = grade (0 … 12): academic_years.max_lessons_per_day. */
  maxLessonsPerDay: readonly number[];
  curriculum: ReadonlyArray<{ grade: number; language: string; subjectId: number; hoursPerWeek: number }>;
}

const KIND_ORDER: ConflictKind[] = ['teacherBusy', 'roomBusy', 'classBusy', 'subgroupBusy', 'dayLimit', 'weeklyHours'];

type Interval = { start: number; end: number };

function bellIndex(bells: readonly Bell[]): Map<string, Interval> {
  const index = new Map<string, Interval>();
  for (const b of bells) {
    const start = timeToMinutes(b.startsAt);
    const end = timeToMinutes(b.endsAt);
    if (!Number.isNaN(start) && !Number.isNaN(end) && start < end)
      index.set(`${b.shift}:${b.lessonNumber}`, { start, end });
  }
  return index;
}

const slotOf = (i: SlotItem) => `${i.shift}:${i.lessonNumber}`;

function overlaps(a: SlotItem, b: SlotItem, bells: Map<string, Interval>): boolean {
  if (a.day !== b.day) return false;
  if (a.shift === b.shift && a.lessonNumber === b.lessonNumber) return true;
  const ta = bells.get(slotOf(a));
  const tb = bells.get(slotOf(b));
  return !!ta && !!tb && ta.start < tb.end && tb.start < ta.end;
}

/** Sort key: day, then start time (bells), then shift and lesson number. */
function byTime(bells: Map<string, Interval>) {
  return (a: SlotItem, b: SlotItem) => {
    if (a.day !== b.day) return String(a.day) < String(b.day) ? -1 : 1;
    const ta = bells.get(slotOf(a))?.start ?? a.shift * 1000 + a.lessonNumber;
    const tb = bells.get(slotOf(b))?.start ?? b.shift * 1000 + b.lessonNumber;
    return ta - tb || a.shift - b.shift || a.lessonNumber - b.lessonNumber || (a.key < b.key ? -1 : 1);
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Items of one group that clash pairwise (by `clash`), joined into connected components: three lessons of one
 * teacher in one slot are one conflict, not three.
 */
function clusters(items: SlotItem[], clash: (a: SlotItem, b: SlotItem) => boolean): SlotItem[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  let any = false;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (clash(items[i]!, items[j]!)) {
        parent[find(i)] = find(j);
        any = true;
      }
    }
  }
  if (!any) return [];
  const components = groupBy(
    items.map((item, i) => ({ item, root: find(i) })),
    (x) => String(x.root),
  );
  return [...components.values()].filter((c) => c.length > 1).map((c) => c.map((x) => x.item));
}

/** Teacher, room, class and sub-group double bookings. */
export function slotConflicts(items: readonly SlotItem[], bells: readonly Bell[]): Conflict[] {
  const index = bellIndex(bells);
  const sort = byTime(index);
  const out: Conflict[] = [];
  const first = (c: SlotItem[]) => c[0]!;

  for (const group of groupBy(items, (i) => `${i.teacherPersonId}|${i.day}`).values()) {
    for (const c of clusters(group, (a, b) => overlaps(a, b, index))) {
      c.sort(sort);
      const f = first(c);
      out.push({
        kind: 'teacherBusy',
        keys: c.map((i) => i.key),
        params: { teacherPersonId: f.teacherPersonId, day: f.day, shift: f.shift, lessonNumber: f.lessonNumber },
      });
    }
  }
  for (const group of groupBy(items, (i) => (i.roomId === null ? null : `${i.roomId}|${i.day}`)).values()) {
    for (const c of clusters(group, (a, b) => overlaps(a, b, index))) {
      c.sort(sort);
      const f = first(c);
      out.push({
        kind: 'roomBusy',
        keys: c.map((i) => i.key),
        params: { roomId: f.roomId ?? undefined, day: f.day, shift: f.shift, lessonNumber: f.lessonNumber },
      });
    }
  }
  // A whole-class lesson clashes with anything of that class; two different sub-groups may share a slot.
  const classClash = (a: SlotItem, b: SlotItem) =>
    (a.subgroupId === null || b.subgroupId === null || a.subgroupId === b.subgroupId) && overlaps(a, b, index);
  for (const group of groupBy(items, (i) => `${i.classId}|${i.day}`).values()) {
    for (const c of clusters(group, classClash)) {
      c.sort(sort);
      const f = first(c);
      const oneSubgroup = f.subgroupId !== null && c.every((i) => i.subgroupId === f.subgroupId);
      out.push({
        kind: oneSubgroup ? 'subgroupBusy' : 'classBusy',
        keys: c.map((i) => i.key),
        params: {
          classId: f.classId,
          ...(oneSubgroup ? { subgroupId: f.subgroupId ?? undefined } : {}),
          day: f.day,
          shift: f.shift,
          lessonNumber: f.lessonNumber,
        },
      });
    }
  }
  return out;
}

/**
 * Weekly hours of a class in a subject as the timetable gives them: the whole-class lessons plus the busiest
 * sub-group's (each half of a split class has the subject's full hours with its own teacher).
 */
export function weeklyHours(items: readonly SlotItem[], classId: number, subjectId: number): number {
  let whole = 0;
  const perSubgroup = new Map<number, number>();
  for (const i of items) {
    if (i.classId !== classId || i.subjectId !== subjectId) continue;
    if (i.subgroupId === null) whole++;
    else perSubgroup.set(i.subgroupId, (perSubgroup.get(i.subgroupId) ?? 0) + 1);
  }
  return whole + Math.max(0, ...perSubgroup.values());
}

/** Every conflict of a weekly timetable: double bookings, lessons a day above the maximum, hours above the curriculum. */
export function timetableConflicts(items: readonly SlotItem[], rules: TimetableRules): Conflict[] {
  const index = bellIndex(rules.bells);
  const sort = byTime(index);
  const out = slotConflicts(items, rules.bells);

  for (const group of groupBy(items, (i) => `${i.classId}|${i.day}`).values()) {
    const f = group[0]!;
    const grade = rules.classes.get(f.classId)?.grade;
    const max = grade === undefined ? undefined : rules.maxLessonsPerDay[grade];
    if (max === undefined) continue;
    // Two sub-groups in one slot are one lesson of the class's day.
    const count = new Set(group.map(slotOf)).size;
    if (count > max) {
      group.sort(sort);
      out.push({
        kind: 'dayLimit',
        keys: group.map((i) => i.key),
        params: { classId: f.classId, day: f.day, count, max },
      });
    }
  }

  const curriculum = new Map(rules.curriculum.map((c) => [`${c.grade}|${c.language}|${c.subjectId}`, c.hoursPerWeek]));
  for (const group of groupBy(items, (i) => `${i.classId}|${i.subjectId}`).values()) {
    const f = group[0]!;
    const cls = rules.classes.get(f.classId);
    const hours = cls ? curriculum.get(`${cls.grade}|${cls.language}|${f.subjectId}`) : undefined;
    // No curriculum line: nothing to compare with (the editor shows the hours without a target).
    if (hours === undefined) continue;
    // A half hour a week (every other week) still needs its slot in the weekly grid.
    const max = Math.ceil(hours);
    const count = weeklyHours(group, f.classId, f.subjectId);
    if (count > max) {
      group.sort(sort);
      out.push({
        kind: 'weeklyHours',
        keys: group.map((i) => i.key),
        params: { classId: f.classId, subjectId: f.subjectId, count, max },
      });
    }
  }

  return out.sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.keys[0]! < b.keys[0]! ? -1 : 1),
  );
}

/** The conflicts a change set is responsible for: those involving at least one of the changed items. */
export function involving(conflicts: readonly Conflict[], changedKeys: ReadonlySet<string>): Conflict[] {
  return conflicts.filter((c) => c.keys.some((k) => changedKeys.has(k)));
}
