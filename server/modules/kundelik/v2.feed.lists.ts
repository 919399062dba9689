import type { Locale } from '@common/enums.js';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { subjectName } from '../timetable/timetable.access.js';
import { groupsOfPupils, schoolSubjects } from './v2.groups.repository.js';
import { presentAssessmentWork, presentHomework } from './v2.lessons.presenter.js';
import {
  type HomeworkRow,
  homeworkOf,
  type LessonRow,
  lessonRows,
  type WorkRow,
  worksOf,
} from './v2.lessons.repository.js';
import { zV2Work } from './v2.lessons.schemas.js';
import type { ReadScope } from './v2.marks.access.js';
import { V2_WORK_TYPE, v2WorkType } from './v2.marks.presenter.js';
import { assignmentKey } from './v2.marks.repository.js';

/**
 * The feed's lists besides marks and log entries (kundelik-v2-api.md §1.12), for one pupil over all the feed's days
 * at once — each list one statement whatever the number of days:
 * - `todaySchedule` / `nextDaySchedule`: the pupil's lessons of the day and of the next working day
 *   `{lessonId, lessonStatus, number, subjectName, importantWorkTypes: [{id, id_str, name}]}` (the СОр/СОч on that lesson);
 * - `todayHomeworks` / `nextDayHomeworks`: homework due that day / the next working day `{work, subjectName,
 *   workTypeName}` (the Homework work with the pupil's task);
 * - `summary.importantWorks`: the СОр/СОч dated from that day through the week ahead (IMPORTANT_DAYS), same shape.
 * The next working day is the pupil's next day with lessons within a week, else the next weekday.
 * A staff reader narrowed to their subjects (pupilScope keys) sees those subjects only.
 */

/** How far ahead `importantWorks` looks: the day itself and the six after it. */
export const IMPORTANT_DAYS = 7;

export const zFeedWork = z.object({ work: zV2Work, subjectName: z.string(), workTypeName: z.string() });
export const zFeedLesson = z.object({
  lessonId: z.number(),
  lessonId_str: z.string(),
  lessonStatus: z.string(),
  number: z.number(),
  subjectName: z.string(),
  importantWorkTypes: z.array(z.object({ id: z.number(), id_str: z.string(), name: z.string() })),
});

const HOMEWORK_NAME: Record<Locale, string> = { kk: 'Үй тапсырмасы', ru: 'Домашнее задание', en: 'Homework' };

export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The pupil's lessons, homework due and СОр/СОч over [from, to] (lessons of their class as of `asOf`, the feed's
 * date); five statements.
 */
export async function feedSources(
  deps: AppDeps,
  scope: ReadScope,
  personId: number,
  range: { from: string; to: string; asOf: string },
) {
  const { from, to } = range;
  const groups = (await groupsOfPupils(deps.db, [personId], range.asOf)).filter((g) => g.schoolId === scope.schoolId);
  const cls = groups.find((g) => g.subgroupId === null);
  if (!cls)
    return { lessons: [] as LessonRow[], homework: [] as HomeworkRow[], works: [] as WorkRow[], names: new Map() };
  const subs = groups.flatMap((g) => (g.subgroupId === null ? [] : [g.subgroupId]));
  const ok = (r: { classId: number; subjectId: number; subgroupId: number | null }) =>
    scope.keys === null || scope.keys.has(assignmentKey(r)) || scope.keys.has(`${r.classId}:*`);
  const [lessons, homework, subjects] = await Promise.all([
    lessonRows(deps.db, { schoolId: scope.schoolId, classId: cls.classId, pupilSubgroups: subs, from, to }),
    homeworkOf(deps.db, scope.schoolId, { classId: cls.classId, pupilSubgroups: subs, from, to, personId }),
    schoolSubjects(deps.db, scope.schoolId),
  ]);
  const mine = lessons.filter(ok);
  const works = mine.length
    ? (await worksOf(deps.db, scope.schoolId, { lessonIds: mine.map((l) => l.id) })).filter(ok)
    : [];
  return {
    lessons: mine,
    homework: homework.filter(ok),
    works,
    names: new Map(subjects.map((s) => [s.id, s] as const)),
  };
}
type Sources = Awaited<ReturnType<typeof feedSources>>;

/** The next working day after `day`: the pupil's next day with lessons within a week, else the next weekday. */
export function nextWorkingDay(day: string, lessons: LessonRow[]) {
  const next = lessons.find((l) => l.date > day && l.date <= addDays(day, 7));
  if (next) return next.date;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, weekday === 5 ? 3 : weekday === 6 ? 2 : 1);
}

/** The lists of one feed day. */
export function feedDayLists(src: Sources, personId: number, locale: Locale, day: string, next: string, today: string) {
  const name = (subjectId: number) => {
    const s = src.names.get(subjectId);
    return s ? subjectName(s, locale) : '';
  };
  const lessonStatus = (l: LessonRow) =>
    l.status === 'cancelled' ? 'NotHeld' : l.date <= today ? 'Conducted' : 'Planned';
  const schedule = (d: string) =>
    src.lessons
      .filter((l) => l.date === d)
      .map((l) => ({
        lessonId: l.id,
        lessonId_str: String(l.id),
        lessonStatus: lessonStatus(l),
        number: l.lessonNumber,
        subjectName: name(l.subjectId),
        importantWorkTypes: [...new Set(src.works.filter((w) => w.lessonId === l.id).map((w) => w.kind))].map((k) => ({
          id: V2_WORK_TYPE[k],
          id_str: String(V2_WORK_TYPE[k]),
          name: v2WorkType(0, k, locale).name,
        })),
      }));
  const homework = (d: string) =>
    src.homework
      .filter((h) => h.targetDate === d)
      .map((h) => ({
        work: presentHomework(h, personId),
        subjectName: name(h.subjectId),
        workTypeName: HOMEWORK_NAME[locale],
      }));
  const until = addDays(day, IMPORTANT_DAYS - 1);
  return {
    importantWorks: src.works
      .filter((w) => w.date >= day && w.date <= until)
      .map((w) => ({
        work: presentAssessmentWork(w),
        subjectName: name(w.subjectId),
        workTypeName: v2WorkType(0, w.kind, locale).name,
      })),
    todayHomeworks: homework(day),
    nextDayHomeworks: homework(next),
    todaySchedule: schedule(day),
    nextDaySchedule: schedule(next),
  };
}
