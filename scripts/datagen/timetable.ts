import type { Ids, SchoolPlan } from './plan.js';
import { SHIFT_LESSONS } from './year.js';

/**
 * A conflict-free weekly timetable, laid deterministically: one lesson of every class × subject per round
 * (so scarce teachers are shared fairly), each on the day where that subject is thinnest and the class lightest,
 * at the earliest lesson number where the class and every teacher of the unit are free. A split subject's two
 * sub-groups with different teachers share a slot. A home room per first-shift class (second-shift classes use
 * the same rooms in the afternoon); the second sub-group and PE have no fixed room. The result is checked with
 * the app's conflict engine (server/modules/timetable/conflicts.ts) by the caller.
 */
export interface EntryPlan {
  id: number;
  assignmentId: number;
  roomId: number | null;
  weekday: number;
  shift: number;
  lessonNumber: number;
}
export interface RoomPlan {
  id: number;
  name: string;
  capacity: number;
}

export async function planTimetable(
  plan: SchoolPlan,
  opts: { daysPerWeek: number; maxLessonsPerDay: readonly number[]; ids: Ids },
): Promise<{ rooms: RoomPlan[]; entries: EntryPlan[]; unplaced: number }> {
  const firstShift = plan.classes.filter((c) => c.shift === 1);
  const secondShift = plan.classes.filter((c) => c.shift !== 1);
  const roomCount = Math.max(firstShift.length, secondShift.length);
  const roomFirst = await opts.ids('rooms', roomCount);
  const rooms = Array.from({ length: roomCount }, (_, i) => ({
    id: roomFirst + i,
    name: String(101 + i),
    capacity: 30,
  }));
  const home = new Map<number, number>();
  for (const list of [firstShift, secondShift]) {
    for (const [i, c] of list.entries()) home.set(c.id, rooms[i]!.id);
  }

  type Unit = { classIndex: number; assignments: SchoolPlan['assignments']; hours: number; pe: boolean; key: string };
  const units: Unit[] = [];
  const byKey = new Map<string, Unit>();
  for (const a of plan.assignments) {
    const key = `${a.classIndex}|${a.code}`;
    const unit = byKey.get(key);
    if (unit && a.subgroupIndex !== null && unit.assignments.every((x) => x.teacherId !== a.teacherId)) {
      unit.assignments.push(a);
      continue;
    }
    const u: Unit = {
      classIndex: a.classIndex,
      assignments: [a],
      hours: a.hours,
      pe: a.code === 'physical_education',
      key: unit ? `${key}|${a.id}` : key,
    };
    byKey.set(u.key, u);
    units.push(u);
  }

  const days = Array.from({ length: opts.daysPerWeek }, (_, i) => i + 1);
  const busy = new Set<string>();
  const perDay = new Map<string, number>();
  const unitDay = new Map<string, number>();
  const placed: Array<Omit<EntryPlan, 'id'>> = [];
  let unplaced = 0;
  const place = (u: Unit) => {
    const c = plan.classes[u.classIndex]!;
    const max = Math.min(opts.maxLessonsPerDay[c.grade] ?? 6, SHIFT_LESSONS[c.shift] ?? 6);
    const order = [...days].sort(
      (x, y) =>
        (unitDay.get(`${u.key}|${x}`) ?? 0) - (unitDay.get(`${u.key}|${y}`) ?? 0) ||
        (perDay.get(`${c.id}|${x}`) ?? 0) - (perDay.get(`${c.id}|${y}`) ?? 0) ||
        ((x + u.classIndex) % days.length) - ((y + u.classIndex) % days.length),
    );
    for (const day of order) {
      if ((perDay.get(`${c.id}|${day}`) ?? 0) >= max) continue;
      for (let n = 1; n <= max; n++) {
        const slot = `${day}|${c.shift}|${n}`;
        if (busy.has(`c${c.id}|${slot}`)) continue;
        if (u.assignments.some((a) => busy.has(`t${a.teacherId}|${slot}`))) continue;
        busy.add(`c${c.id}|${slot}`);
        u.assignments.forEach((a, i) => {
          busy.add(`t${a.teacherId}|${slot}`);
          const roomId = i === 0 && !u.pe ? (home.get(c.id) ?? null) : null;
          placed.push({ assignmentId: a.id, roomId, weekday: day, shift: c.shift, lessonNumber: n });
        });
        perDay.set(`${c.id}|${day}`, (perDay.get(`${c.id}|${day}`) ?? 0) + 1);
        unitDay.set(`${u.key}|${day}`, (unitDay.get(`${u.key}|${day}`) ?? 0) + 1);
        return;
      }
    }
    unplaced += u.assignments.length;
  };
  const maxHours = Math.max(0, ...units.map((u) => u.hours));
  for (let round = 0; round < maxHours; round++) for (const u of units) if (u.hours > round) place(u);

  const entryFirst = await opts.ids('timetable_entries', placed.length);
  return { rooms, entries: placed.map((p, i) => ({ id: entryFirst + i, ...p })), unplaced };
}
