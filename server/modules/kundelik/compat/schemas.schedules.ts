import { arrayOf, DATE_TIME, NSTR, NULLABLE_DATE_TIME, object } from './schemas.common.js';
import { LessonLogEntry } from './schemas.lesson-log.js';
import { CompactLesson, CompactSubject, Homework, Work, WorkTypeInfo } from './schemas.lessons.js';
import { Mark } from './schemas.marks.js';
import { Person } from './schemas.users.js';

// ------------------------------------------------------------------------------------- §1.8 schedules

/** DaySchedule: J2ME joins lessons, subjects, marks and homeworks of a day; `date` may carry an offset (ALX-P). */
export const DaySchedule = object({
  required: ['date', 'lessons', 'marks', 'homeworks', 'subjects'],
  properties: {
    date: DATE_TIME,
    nextDate: NULLABLE_DATE_TIME,
    lessons: arrayOf(CompactLesson),
    marks: arrayOf(Mark),
    works: arrayOf(Work),
    homeworks: arrayOf(Homework),
    subjects: arrayOf(CompactSubject),
    workTypes: arrayOf(WorkTypeInfo),
    lessonLogEntries: arrayOf(LessonLogEntry),
    teachers: arrayOf(object({ required: ['person'], properties: { person: Person, role: NSTR } })),
  },
});
/** persons/{p}/groups/{g}/schedules: the `{days:[…]}` object J2ME and ACB unwrap (the reference's CONFLICT choice). */
export const Schedule = object({ required: ['days'], properties: { days: arrayOf(DaySchedule) } });
