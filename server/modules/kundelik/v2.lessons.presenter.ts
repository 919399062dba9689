import type { Locale } from '@common/enums.js';
import { subjectName } from '../timetable/timetable.access.js';
import { idList, ids, v2DateTime } from './v2.conventions.js';
import { v2GroupId, v2HomeworkWorkId, v2TaskId } from './v2.ids.js';
import type { HomeworkRow, LessonRow, WorkRow } from './v2.lessons.repository.js';
import { V2_WORK_TYPE, v2WorkIdOfLesson } from './v2.marks.presenter.js';
import { presentSubject } from './v2.presenter.js';

/**
 * Lessons, works and tasks as Kundelik v2 objects (kundelik-v2-api.md §1.7). Every lesson has an implicit ФО
 * work (DefaultNewLessonWork, id V2_LESSON_WORK_BASE + lesson) its formative marks hang on; an СОр is a
 * LessonTestWork, an СОч a LessonExamination; homework is a "Homework" work (V2_HOMEWORK_WORK_BASE + id).
 */

/** The work type id of homework (next to VB's 1–5 in v2.marks.presenter.ts V2_WORK_TYPE). */
export const V2_HOMEWORK_WORK_TYPE = 6;

const lessonStatus = (l: Pick<LessonRow, 'status' | 'date'>, today: string) =>
  l.status === 'cancelled' ? 'NotHeld' : l.date <= today ? 'Conducted' : 'Planned';
const teachersOf = (l: LessonRow) =>
  l.substituteTeacherPersonId ? [l.substituteTeacherPersonId] : [l.teacherPersonId];
const hours = (l: LessonRow) => (l.startsAt && l.endsAt ? `${l.startsAt.slice(0, 5)}-${l.endsAt.slice(0, 5)}` : null);

export interface LessonWorks {
  works: WorkRow[];
  homework: HomeworkRow[];
}

/** The ФО work every lesson carries. */
function foWork(l: LessonRow) {
  return {
    ...ids({ id: v2WorkIdOfLesson(l.id) }),
    type: 'DefaultNewLessonWork',
    workType: V2_WORK_TYPE.fo,
    markType: 'mark10',
    markCount: 1,
    ...ids({ lesson: l.id }),
    displayInJournal: true,
    status: 'Sent',
    ...ids({ eduGroup: v2GroupId(l.classId, l.subgroupId) }),
    tasks: [] as ReturnType<typeof presentTask>[],
    text: l.topic ?? '',
    periodNumber: null as number | null,
    periodType: null as string | null,
    ...ids({ subjectId: l.subjectId }),
    isImportant: false,
    targetDate: v2DateTime(l.date),
    sentDate: v2DateTime(l.date),
    createdBy: l.teacherPersonId,
    files: [] as number[],
    oneDriveLinks: [] as string[],
  };
}

const periodType = (k: 'quarter' | 'half_year') => (k === 'quarter' ? 'Quarter' : 'HalfYear');

/** An СОр / СОч as a Work. */
export function presentAssessmentWork(w: WorkRow) {
  return {
    ...ids({ id: w.id }),
    type: w.kind === 'soch' ? 'LessonExamination' : 'LessonTestWork',
    workType: w.kind === 'soch' ? V2_WORK_TYPE.soch : V2_WORK_TYPE.sor,
    markType: 'mark100',
    markCount: 1,
    ...ids({ lesson: w.lessonId }),
    displayInJournal: true,
    status: 'Sent',
    ...ids({ eduGroup: v2GroupId(w.classId, w.subgroupId) }),
    tasks: [] as ReturnType<typeof presentTask>[],
    text: w.title,
    periodNumber: w.periodNumber - 1,
    periodType: periodType(w.periodKind),
    ...ids({ subjectId: w.subjectId }),
    isImportant: true,
    targetDate: v2DateTime(w.date),
    sentDate: v2DateTime(w.createdAt instanceof Date ? w.createdAt : new Date(w.createdAt)),
    createdBy: w.createdBy,
    files: [] as number[],
    oneDriveLinks: [] as string[],
  };
}

/**
 * A pupil's copy of a homework (Task; id: v2.ids.ts v2TaskId). `status` is the pupil's own "done" tick in the
 * diary: Completed, else NotCompleted. `done` overrides the row's tick (a roster's ticks are read separately).
 */
export function presentTask(h: Pick<HomeworkRow, 'id' | 'done' | 'targetDate'>, personId: number, done = h.done) {
  return {
    ...ids({ id: v2TaskId(h.id, personId), person: personId, work: v2HomeworkWorkId(h.id) }),
    status: done ? 'Completed' : 'NotCompleted',
    targetDate: v2DateTime(h.targetDate),
  };
}

/** Homework as a Work of type "Homework"; with a pupil, their task (and its "done" tick) inside. */
export function presentHomework(h: HomeworkRow, personId?: number) {
  return {
    ...ids({ id: v2HomeworkWorkId(h.id) }),
    type: 'Homework',
    workType: V2_HOMEWORK_WORK_TYPE,
    markType: 'mark10',
    markCount: 0,
    ...ids({ lesson: h.lessonId }),
    displayInJournal: false,
    status: 'Sent',
    ...ids({ eduGroup: v2GroupId(h.classId, h.subgroupId) }),
    tasks: personId === undefined ? [] : [presentTask(h, personId)],
    text: h.text,
    periodNumber: h.periodNumber - 1,
    periodType: periodType(h.periodKind),
    ...ids({ subjectId: h.subjectId }),
    isImportant: false,
    targetDate: v2DateTime(h.targetDate),
    sentDate: v2DateTime(h.createdAt instanceof Date ? h.createdAt : new Date(h.createdAt)),
    createdBy: h.createdBy,
    files: [] as number[],
    oneDriveLinks: [] as string[],
  };
}

/** All works of a lesson: its ФО work, its СОр/СОч, its homework. */
export function lessonWorks(l: LessonRow, all: LessonWorks, personId?: number) {
  return [
    foWork(l),
    ...all.works.filter((w) => w.lessonId === l.id).map(presentAssessmentWork),
    ...all.homework.filter((h) => h.lessonId === l.id).map((h) => presentHomework(h, personId)),
  ];
}
export type V2Work = ReturnType<typeof lessonWorks>[number];

/** Lesson (§1.7) with its works embedded. */
export function presentLesson(l: LessonRow, all: LessonWorks, locale: Locale, today: string, personId?: number) {
  return {
    ...ids({ id: l.id }),
    title: l.topic ?? '',
    date: v2DateTime(l.date, l.startsAt),
    number: l.lessonNumber,
    subject: presentSubject({ ...l, id: l.subjectId }, locale),
    ...ids({ group: v2GroupId(l.classId, l.subgroupId), subjectId: l.subjectId }),
    status: lessonStatus(l, today),
    resultPlaceId: null,
    works: lessonWorks(l, all, personId),
    ...idList('teachers', teachersOf(l)),
  };
}

/** The compact lesson of schedules, homeworks and recentmarks: work ids, `hours` as "08:30-09:15". */
export function presentCompactLesson(l: LessonRow, all: LessonWorks, today: string) {
  return {
    ...ids({ id: l.id, subjectId: l.subjectId }),
    title: l.topic ?? '',
    date: v2DateTime(l.date, l.startsAt),
    number: l.lessonNumber,
    status: lessonStatus(l, today),
    resultPlaceId: null,
    building: null,
    place: l.roomName ?? null,
    floor: null,
    hours: hours(l),
    ...idList(
      'works',
      lessonWorks(l, all).map((w) => w.id as number),
    ),
    ...idList('teachers', teachersOf(l)),
  };
}

export const compactSubjectOf = (l: LessonRow, locale: Locale) => ({
  ...ids({ id: l.subjectId }),
  name: subjectName(l, locale),
  knowledgeAreaId: null,
});
