import type { Locale } from '@common/enums.js';
import type { HomeworkAttachment } from '@common/schemas/homework-files.js';
import type {
  Attendance,
  JournalAssignment,
  LessonColumn,
  Mark,
  MarkValue,
  WorkColumn,
} from '@common/schemas/journal.js';
import { shortName } from '../timetable/timetable.access.js';
import type { AssignmentRow, AttendanceRow, LessonRow, MarkRow, WorkRow } from './journal.repository.js';

export function presentAssignment(a: AssignmentRow): JournalAssignment {
  return {
    id: a.id,
    yearId: a.yearId,
    classId: a.classId,
    classLabel: `${a.grade} ${a.letter}`,
    grade: a.grade,
    subgroupId: a.subgroupId,
    subgroupName: a.subgroupName,
    subjectId: a.subjectId,
    subject: { kk: a.nameKk, ru: a.nameRu, en: a.nameEn },
    teacherPersonId: a.teacherPersonId,
    teacherName: shortName({
      surname: a.teacherSurname,
      firstName: a.teacherFirstName,
      patronymic: a.teacherPatronymic,
    }),
    assessmentMode: assessmentModeOf(a),
  };
}

/** No row in assessment_modes: graded, with a СОч, per quarter — the common case (grade 1 is set explicitly). */
export function assessmentModeOf(a: Pick<AssignmentRow, 'mode' | 'grade' | 'hasTermSummative' | 'periodKind'>) {
  return {
    mode: a.mode ?? (a.grade <= 1 ? ('ungraded' as const) : ('graded' as const)),
    hasTermSummative: a.hasTermSummative ?? true,
    periodKind: a.periodKind ?? ('quarter' as const),
  };
}

/** `attachments`: the homework's live files (from homework-attachments.repository attachmentsOf). */
export function presentLesson(l: LessonRow, attachments: HomeworkAttachment[] = []): LessonColumn {
  return {
    id: l.id,
    date: l.date,
    lessonNumber: l.lessonNumber,
    topic: l.topic,
    homework: l.homeworkText === null ? null : { text: l.homeworkText, dueDate: l.homeworkDueDate, attachments },
    status: l.status,
    substituteTeacherPersonId: l.substituteTeacherPersonId,
  };
}

export function presentWork(w: WorkRow): WorkColumn {
  return {
    id: w.id,
    kind: w.kind,
    title: w.title,
    maxScore: w.maxScore,
    date: w.date,
    lessonId: w.lessonId,
    overridden: w.overridden,
  };
}

export function markValue(m: Pick<MarkRow, 'kind' | 'value' | 'score' | 'status'>): MarkValue {
  if (m.kind === 'fo') return m.value as number;
  if (m.kind === 'score') return Number(m.score);
  return m.status as MarkValue;
}

export function presentMark(m: MarkRow): Mark {
  return {
    id: m.id,
    studentId: m.studentPersonId,
    lessonId: m.lessonId,
    workId: m.workId,
    kind: m.kind,
    value: markValue(m),
    comment: m.comment,
    version: m.version,
    changed: m.version > 1,
  };
}

export function presentAttendance(a: AttendanceRow): Attendance {
  return { studentId: a.studentPersonId, lessonId: a.lessonId, code: a.code, reason: a.reason, version: a.version };
}

export type { Locale };
