import { addDays } from '@common/calendar.js';
import type { DiaryWeek } from '@common/schemas/diary.js';
import type { AppDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { localDate } from '../../lib/clock.js';
import type { Actor } from '../auth/actor.js';
import { markYearStart } from '../journal/mark-partitions.js';
import { weekOf } from '../timetable/my-timetable.service.js';
import { diarySchools } from './diary.access.js';
import { weekJson } from './week.repository.js';

/**
 * Homework set more than six weeks before the week it is due in is not listed under that day (it stays on its own
 * lesson and in the homework list): a half-term project is the longest anyone sets, and the bound keeps the query
 * to a few weeks of lessons.
 */
export const DUE_LOOKBACK_DAYS = 42;

/**
 * One week (Monday to Sunday) of a student's diary as the response's JSON text, built by the database in one
 * statement whatever the number of lessons (week.repository.ts), the access check included: 404 when the actor may
 * not read the pupil. The route sends the text as it is.
 */
export async function diaryWeekJson(deps: AppDeps, actor: Actor, studentId: number, date?: string): Promise<string> {
  const today = localDate(deps.clock.now());
  const { from, to } = weekOf(date ?? today);
  const [row] = await weekJson(deps.db, {
    actorPersonId: actor.personId,
    studentSchoolIds: diarySchools(actor, 'student'),
    parentSchoolIds: diarySchools(actor, 'parent'),
    studentId,
    today,
    from,
    to,
    setFrom: addDays(from, -DUE_LOOKBACK_DAYS),
    yearFrom: markYearStart(from),
    yearTo: markYearStart(to),
    locale: actor.locale,
  });
  if (!row) throw notFound();
  return row.week;
}

/** The week as an object (tests, and any caller that needs to look inside). */
export async function diaryWeek(deps: AppDeps, actor: Actor, studentId: number, date?: string): Promise<DiaryWeek> {
  return JSON.parse(await diaryWeekJson(deps, actor, studentId, date)) as DiaryWeek;
}
