import { arrayOf, BOOL, DATE_TIME, ID, INT, NSTR, NULLABLE_DATE_TIME, object, TEXT } from './schemas.common.js';
import { LessonLogEntry } from './schemas.lesson-log.js';
import { Work } from './schemas.lessons.js';
import { Mark } from './schemas.marks.js';

// -------------------------------------------------------------------------------------------- §1.12 feed

const FeedWork = object({
  required: ['work', 'subjectName'],
  properties: { work: Work, subjectName: TEXT, workTypeName: NSTR },
});
const FeedLesson = {
  type: 'object',
  required: ['lessonId', 'number', 'subjectName'],
  properties: {
    lessonId: ID,
    lessonStatus: NSTR,
    number: INT,
    subjectName: TEXT,
    importantWorkTypes: arrayOf({ type: 'object', required: ['name'], properties: { id: INT, name: TEXT } }),
  },
};
/** Summary: ALX-P's `markCards` spelling (the reference's choice); ACB's `marksCards` tolerated when present. */
const FeedSummary = {
  type: 'object',
  required: ['importantWorks', 'markCards'],
  properties: {
    importantWorks: arrayOf(FeedWork),
    markCards: arrayOf({
      type: 'object',
      required: ['marks', 'subjectName'],
      properties: {
        marks: arrayOf(Mark),
        lesson: { type: ['object', 'null'], properties: { id: ID, date: DATE_TIME } },
        isImportant: BOOL,
        subjectName: TEXT,
        subjectId: ID,
        workTypeName: NSTR,
      },
    }),
    marksCards: { type: 'array' },
    dayEmotion: { type: ['string', 'null'] },
    feedMode: { type: ['string', 'null'] },
  },
};
/** users/me/feed (ALX-P model/feed/*, ACB feed.type.ts; ACB's /todayschedule reads todaySchedule). */
export const Feed = object({
  required: ['days'],
  properties: {
    days: arrayOf(
      object({
        required: [
          'date',
          'summary',
          'todayHomeworks',
          'todaySchedule',
          'nextDayHomeworks',
          'nextDaySchedule',
          'logEntries',
        ],
        properties: {
          date: DATE_TIME,
          nextWorkingDayDate: NULLABLE_DATE_TIME,
          summary: FeedSummary,
          todayHomeworks: arrayOf(FeedWork),
          nextDayHomeworks: arrayOf(FeedWork),
          todaySchedule: arrayOf(FeedLesson),
          nextDaySchedule: arrayOf(FeedLesson),
          logEntries: arrayOf(
            object({
              required: ['lessonLogEntry', 'subjectName'],
              properties: { lessonLogEntry: LessonLogEntry, subjectName: TEXT, lessonTitle: NSTR },
            }),
          ),
        },
      }),
    ),
  },
});
