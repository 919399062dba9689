import { addDays } from '@common/calendar.js';
import type { DiaryDay, DiaryWeek } from '@common/schemas/diary.js';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { weekOf } from '../timetable/my-timetable.service.js';
import { diaryStudent } from './diary.access.js';
import { presentHomework, presentLesson, presentWork } from './diary.presenter.js';
import { studentWorks, weekHomeworkDue, weekLessons } from './diary.repository.js';

/**
 * One week of a student's diary, Monday to Sunday: four statements whatever the number of lessons — the access
 * check, the lessons (each with its mark, attendance and homework as subqueries), the homework due in the week, and the
 * week's summative works with the student's results. The three reads run side by side.
 */
/**
 * Homework set more than six weeks before the week it is due in is not listed under that day (it stays on its own
 * lesson and in the homework list): a half-term project is the longest anyone sets, and the bound keeps the query
 * to a few weeks of lessons.
 */
export const DUE_LOOKBACK_DAYS = 42;

export async function diaryWeek(deps: AppDeps, actor: Actor, studentId: number, date?: string): Promise<DiaryWeek> {
  const student = await diaryStudent(deps, actor, studentId);
  const today = localDate(deps.clock.now());
  const { from, to } = weekOf(date ?? today);
  const schoolId = student.schoolId;
  const [lessons, due, works] = await Promise.all([
    weekLessons(deps.db, schoolId, studentId, from, to),
    // Set before it is due, and at most DUE_LOOKBACK_DAYS before the week.
    weekHomeworkDue(deps.db, { schoolId, studentId, from, to, setFrom: addDays(from, -DUE_LOOKBACK_DAYS) }),
    studentWorks(deps.db, schoolId, studentId, from, to),
  ]);
  const locale = actor.locale;
  const days: DiaryDay[] = [];
  const byDate = new Map<string, DiaryDay>();
  for (let i = 0; i < 7; i++) {
    const day: DiaryDay = { date: addDays(from, i), lessons: [], homeworkDue: [], works: [] };
    days.push(day);
    byDate.set(day.date, day);
  }
  // A same-day move between two enrolments in one class could list a lesson twice: once is enough.
  const seen = new Set<number>();
  for (const l of lessons) {
    if (seen.has(l.id)) continue;
    seen.add(l.id);
    byDate.get(l.date)?.lessons.push(presentLesson(l, locale));
  }
  seen.clear();
  for (const h of due) {
    if (h.dueDate === null || seen.has(h.id)) continue;
    seen.add(h.id);
    byDate.get(h.dueDate)?.homeworkDue.push(presentHomework(h, locale));
  }
  for (const w of works) byDate.get(w.date)?.works.push(presentWork(w, locale));
  return { from, to, today, days };
}
