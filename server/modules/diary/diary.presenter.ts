import type { Locale } from '@common/enums.js';
import type { DiaryHomework, DiaryLesson, DiaryWork } from '@common/schemas/diary.js';
import { shortName, subjectName } from '../timetable/timetable.access.js';
import type { HomeworkRow, WeekLessonRow, WorkRow } from './diary.repository.js';

/**
 * Rows → the diary's JSON. Names come out in the user's language here, once, so a phone gets plain strings.
 * Kept to field copies: the week is the most requested page of the app (issue 6 §3 benchmarks it).
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

export function presentLesson(r: WeekLessonRow, locale: Locale): DiaryLesson {
  const subject = subjectName(r, locale);
  return {
    id: r.id,
    number: r.lessonNumber,
    startsAt: r.bell ? r.bell.startsAt.slice(0, 5) : null,
    endsAt: r.bell ? r.bell.endsAt.slice(0, 5) : null,
    subject,
    teacher: r.teacher ? shortName(r.teacher) : '',
    room: r.roomName,
    topic: r.topic,
    cancelled: r.status === 'cancelled',
    substitute: r.substitute ? shortName(r.substitute) : null,
    movedFrom: r.firstMove ? { date: r.firstMove.date, lessonNumber: r.firstMove.lessonNumber } : null,
    mark: r.mark
      ? { value: r.mark.value, status: r.mark.status, comment: r.mark.comment, changed: r.mark.version > 1 }
      : null,
    attendance: r.attendance ?? null,
    homework: r.homework
      ? {
          id: r.homework.id,
          lessonId: r.id,
          setOn: r.date,
          subject,
          text: r.homework.text,
          dueDate: r.homework.dueDate,
          done: Boolean(r.homework.done),
          attachments: r.homework.attachments ?? [],
        }
      : null,
  };
}

export function presentWork(r: WorkRow, locale: Locale): DiaryWork {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    subject: subjectName(r, locale),
    maxScore: r.maxScore,
    score: r.score === null ? null : Number(r.score),
    status: r.status,
    comment: r.comment,
    changed: r.version !== null && r.version > 1,
  };
}
