import type { Locale } from '@common/enums.js';
import type { DiaryHomework } from '@common/schemas/diary.js';
import { subjectName } from '../timetable/timetable.access.js';
import type { HomeworkRow } from './diary.repository.js';

/**
 * Rows → the diary's JSON. Names come out in the user's language here, once, so a phone gets plain strings.
 * The week's lessons, homework due and works are built as JSON by its statement (week.repository.ts).
 */

export function presentHomework(r: HomeworkRow, locale: Locale): DiaryHomework {
  return {
    id: r.id,
    lessonId: r.lessonId,
    setOn: r.setOn,
    subject: subjectName(r, locale),
    text: r.text,
    dueDate: r.dueDate,
    done: r.doneAt !== null,
    attachments: r.attachments ?? [],
  };
}
