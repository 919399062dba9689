import {
  arrayOf,
  BOOL,
  DATE_TIME,
  ID,
  ID_LIST,
  INT,
  NINT,
  NSTR,
  NULLABLE_DATE_TIME,
  object,
  type Schema,
  STR,
  TEXT,
} from './schemas.common.js';
import { Subject } from './schemas.groups.js';
import { Person } from './schemas.users.js';

// ------------------------------------------------------------------------------------- §1.7 lessons, works

/** Work `type` (VL2 models/v2/WorkType.kt is a Kotlin enum). */
const WORK_TYPE = {
  enum: [
    'Homework',
    'LessonTestWork',
    'LessonExamination',
    'DefaultNewLessonWork',
    'CommonWork',
    'PeriodMark',
    'LessonComposition',
    'LessonByHeart',
  ],
};

/** Task: one pupil's copy of a homework. */
export const Task = object({
  required: ['status'],
  ids: ['id', 'person', 'work'],
  properties: { status: TEXT, targetDate: NULLABLE_DATE_TIME },
});

/**
 * Work: the homework bot reads works[].targetDate/type/text/subjectId; J2ME joins homework.lesson → lesson.id;
 * VL1 joins marks → works by id.
 */
export const Work = object({
  required: ['type', 'text', 'targetDate', 'subjectId'],
  ids: ['id'],
  nullableIds: ['lesson'],
  optionalIds: ['eduGroup'],
  properties: {
    type: WORK_TYPE,
    workType: NINT,
    markType: NSTR,
    markCount: NINT,
    displayInJournal: BOOL,
    status: NSTR,
    tasks: arrayOf(Task),
    text: NSTR,
    periodNumber: NINT,
    periodType: NSTR,
    subjectId: ID,
    isImportant: BOOL,
    targetDate: NULLABLE_DATE_TIME,
    sentDate: NULLABLE_DATE_TIME,
    files: { type: 'array' },
    oneDriveLinks: { type: 'array' },
  },
});

/** A homework is the Work with `type == "Homework"` and its text in `text` (the homework bots print both). */
export const Homework: Schema = {
  allOf: [
    Work,
    { properties: { type: { const: 'Homework' }, text: TEXT, targetDate: DATE_TIME }, required: ['lesson'] },
  ],
};

/** Lesson (§1.7): ACB lessons.type.ts, ALX-P Lesson.java; KEK and VL1/VL2 read works embedded. */
export const Lesson = object({
  required: ['date', 'number', 'subject', 'works', 'title', 'status'],
  ids: ['id'],
  idLists: ['teachers'],
  properties: {
    title: NSTR,
    date: DATE_TIME,
    number: INT,
    subject: Subject,
    status: STR,
    works: arrayOf(Work),
  },
});

/**
 * Compact lesson inside schedules, homeworks and recentmarks: J2ME reads hours ("08:30-09:15"), title, subjectId,
 * number and joins marks/homeworks to it by id.
 */
export const CompactLesson = object({
  required: ['date', 'number', 'hours', 'title', 'subjectId'],
  ids: ['id'],
  properties: {
    title: NSTR,
    date: DATE_TIME,
    number: INT,
    subjectId: ID,
    status: NSTR,
    building: NSTR,
    place: NSTR,
    floor: NSTR,
    hours: { type: 'string', pattern: '^\\d{2}:\\d{2}-\\d{2}:\\d{2}$' },
    works: ID_LIST,
    teachers: ID_LIST,
  },
});

/** `subjects: [{id, name, knowledgeAreaId}]` inside homeworks, schedules and recentmarks. */
export const CompactSubject = object({
  required: ['name'],
  ids: ['id'],
  properties: { name: TEXT, knowledgeAreaId: { type: ['integer', 'string', 'null'] } },
});

/** workTypes inside schedules and recentmarks (ACB). */
export const WorkTypeInfo = object({
  required: ['name'],
  ids: ['id'],
  properties: {
    schoolId: NINT,
    abbreviation: NSTR,
    name: TEXT,
    isFinal: BOOL,
    isImportant: BOOL,
    kindId: NINT,
    kind: NSTR,
  },
});

const HomeworkFile = object({
  required: ['name'],
  ids: ['id'],
  properties: { name: TEXT, downloadUrl: NSTR, size: NINT, uploadedDate: NULLABLE_DATE_TIME },
});

/** users/me/school/{s}/homeworks (ACB THomework; the Kundelik homework bot reads subjects and works). */
export const Homeworks = object({
  required: ['works', 'subjects', 'lessons'],
  properties: {
    works: arrayOf(Homework),
    subjects: arrayOf(CompactSubject),
    lessons: arrayOf(CompactLesson),
    files: arrayOf(HomeworkFile),
    teachers: arrayOf(Person),
  },
});
