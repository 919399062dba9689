import { arrayOf, NSTR, NULLABLE_DATE_TIME, object, type Schema } from './schemas.common.js';

// ------------------------------------------------------------------------------------- §1.11 lesson log

/** LessonLogEntry (§1.11); statuses are the five of lesson-log-entries/statuses. */
export const LESSON_LOG_STATUS: Schema = { enum: ['Attend', 'Absent', 'Ill', 'Late', 'Pass'] };
export const LessonLogEntry = object({
  required: ['status'],
  ids: ['person', 'lesson'],
  properties: { comment: NSTR, status: LESSON_LOG_STATUS, createdDate: NULLABLE_DATE_TIME },
});

/** persons/{p}/lesson-log-entries: SIRO reads `result.logEntries[]` — an object, not a bare list. */
export const PersonLogEntries = object({
  required: ['logEntries'],
  properties: { logEntries: arrayOf(LessonLogEntry) },
});
export const LogStatuses: Schema = { ...arrayOf(LESSON_LOG_STATUS), minItems: 5, uniqueItems: true };
