import { z } from 'zod';
import { ATTENDANCE_CODES, WORK_KINDS, zResultGrade } from './journal.js';
import { zDate, zId } from './primitives.js';

/**
 * The student's and parent's diary (issue 7 §1). Every route names the student (`:studentId`); the server answers
 * 404 unless that student is the actor or one of their linked current children. Texts the page only shows
 * (subject, teacher, school) come already in the user's language, so a phone renders a week without lookups.
 */

export const zDiaryParams = z.object({ studentId: zId });
export const zDiaryHomeworkParams = z.object({ studentId: zId, homeworkId: zId });

export const zDiaryStudent = z.object({
  personId: zId,
  name: z.string(),
  schoolId: zId,
  schoolName: z.string(),
  classLabel: z.string().nullable(),
  /** The actor is this student (may tick homework); false for a parent. */
  self: z.boolean(),
});
export type DiaryStudent = z.infer<typeof zDiaryStudent>;
export const zDiaryStudents = z.object({ items: z.array(zDiaryStudent) });

// ── Week ────────────────────────────────────────────────────────────────────────────────────────────────────
export const zDiaryWeekQuery = z.object({ date: zDate.optional() });

export const zDiaryAttachment = z.object({ id: zId, fileName: z.string(), size: z.number(), contentType: z.string() });
export const zDiaryHomework = z.object({
  id: zId,
  lessonId: zId,
  /** The date of the lesson it was set at. */
  setOn: z.string(),
  subject: z.string(),
  text: z.string(),
  dueDate: z.string().nullable(),
  done: z.boolean(),
  attachments: z.array(zDiaryAttachment),
});
export type DiaryHomework = z.infer<typeof zDiaryHomework>;

/** A lesson mark: ФО 1–10 (`value`), зачёт / незачёт or освобождён / н/а (`status`). */
export const zDiaryMark = z.object({
  value: z.number().nullable(),
  status: z.string().nullable(),
  comment: z.string().nullable(),
  /** Changed after it was first entered (issue 5 §4: the student and parent see that it was). */
  changed: z.boolean(),
});
export type DiaryMark = z.infer<typeof zDiaryMark>;

export const zDiaryWork = z.object({
  id: zId,
  kind: z.enum(WORK_KINDS),
  title: z.string(),
  subject: z.string(),
  maxScore: z.number(),
  score: z.number().nullable(),
  status: z.string().nullable(),
  comment: z.string().nullable(),
  changed: z.boolean(),
});
export type DiaryWork = z.infer<typeof zDiaryWork>;

export const zDiaryLesson = z.object({
  id: zId,
  number: z.number(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  subject: z.string(),
  teacher: z.string(),
  room: z.string().nullable(),
  topic: z.string().nullable(),
  cancelled: z.boolean(),
  /** The substitute teacher's short name, when someone else gives the lesson. */
  substitute: z.string().nullable(),
  /** Where a moved lesson was first planned; it now stands where it is listed. */
  movedFrom: z.object({ date: z.string(), lessonNumber: z.number() }).nullable(),
  mark: zDiaryMark.nullable(),
  attendance: z.enum(ATTENDANCE_CODES).nullable(),
  /** Homework set at this lesson. */
  homework: zDiaryHomework.nullable(),
});
export type DiaryLesson = z.infer<typeof zDiaryLesson>;

export const zDiaryDay = z.object({
  date: z.string(),
  lessons: z.array(zDiaryLesson),
  /** Homework due this day (set at an earlier lesson or this one). */
  homeworkDue: z.array(zDiaryHomework),
  /** СОр / СОч written this day, with the student's result when there is one. */
  works: z.array(zDiaryWork),
});
export type DiaryDay = z.infer<typeof zDiaryDay>;
export const zDiaryWeek = z.object({
  from: z.string(),
  to: z.string(),
  today: z.string(),
  days: z.array(zDiaryDay),
});
export type DiaryWeek = z.infer<typeof zDiaryWeek>;

// ── Marks by subject ────────────────────────────────────────────────────────────────────────────────────────
export const zDiarySubjectsQuery = z.object({ periodId: zId.optional() });

export const zDiaryPeriod = z.object({
  id: zId,
  kind: z.string(),
  number: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  closed: z.boolean(),
});
export const zDiarySubject = z.object({
  assignmentId: zId,
  subject: z.string(),
  teacher: z.string(),
  mode: z.enum(['graded', 'pass_fail', 'ungraded']),
  fo: z.array(
    z.object({
      lessonId: zId,
      date: z.string(),
      value: z.number().nullable(),
      status: z.string().nullable(),
      comment: z.string().nullable(),
      changed: z.boolean(),
    }),
  ),
  works: z.array(
    z.object({
      id: zId,
      kind: z.enum(WORK_KINDS),
      title: z.string(),
      date: z.string(),
      maxScore: z.number(),
      score: z.number().nullable(),
      status: z.string().nullable(),
      comment: z.string().nullable(),
    }),
  ),
  /** Running component percentages (full precision), null when the component has nothing yet. */
  parts: z.object({ fo: z.number().nullable(), sor: z.number().nullable(), soch: z.number().nullable() }),
  /** The running result (the engine, an unwritten СОч not yet missed). */
  percent: z.number().nullable(),
  grade: zResultGrade,
  status: z.string(),
  /** The smallest СОч score reaching «3», «4», «5» (0 = reached anyway, null = out of reach); null without a pending СОч. */
  projection: z
    .object({
      /** The pending СОч, or null when it is not created yet (then `max` is 100: the scores read as percentages). */
      workId: zId.nullable(),
      max: z.number(),
      needed: z.object({ 3: z.number().nullable(), 4: z.number().nullable(), 5: z.number().nullable() }),
    })
    .nullable(),
  /** The fixed term grade once the period is closed for the class. */
  termGrade: z.object({ grade: zResultGrade, status: z.string() }).nullable(),
  /**
   * The progress picture (issue 7 §1): the running percent and grade at the end of each day that brought a mark,
   * as the engine computes it from the marks up to that day (a СОч not yet written is still to come).
   */
  progress: z.array(z.object({ date: z.string(), percent: z.number(), grade: zResultGrade })),
  /** Lower bounds of «3», «4», «5» in percent on the scale of the period's year; null when not graded by percent. */
  thresholds: z.object({ 3: z.number(), 4: z.number(), 5: z.number() }).nullable(),
});
export type DiarySubject = z.infer<typeof zDiarySubject>;
export const zDiaryYearRow = z.object({
  subject: z.string(),
  terms: z.array(z.object({ periodId: zId, grade: zResultGrade, status: z.string() }).nullable()),
  year: z.object({ grade: zResultGrade, status: z.string() }).nullable(),
});
export const zDiarySubjects = z.object({
  period: zDiaryPeriod.nullable(),
  periods: z.array(zDiaryPeriod),
  subjects: z.array(zDiarySubject),
  /** Earlier periods: the fixed term grades of the year's periods (per subject) and the year grade. */
  year: z.array(zDiaryYearRow),
});
export type DiarySubjects = z.infer<typeof zDiarySubjects>;

// ── Homework list ───────────────────────────────────────────────────────────────────────────────────────────
export const HOMEWORK_FILTERS = ['due', 'overdue', 'done'] as const;
export const zDiaryHomeworkQuery = z.object({
  status: z.enum(HOMEWORK_FILTERS).optional(),
  from: zDate.optional(),
  to: zDate.optional(),
});
export const zDiaryHomeworkList = z.object({ items: z.array(zDiaryHomework) });
export const zDiaryHomeworkDone = z.object({ done: z.boolean() }).strict();
export const zDiaryHomeworkDoneResult = z.object({ homeworkId: zId, done: z.boolean() });

// ── Class distribution of a work ────────────────────────────────────────────────────────────────────────────
export const zDiaryWorkParams = z.object({ studentId: zId, workId: zId });
export const DISTRIBUTION_HIDDEN = ['disabled', 'tooFew'] as const;
/**
 * The anonymised distribution of the class's scores on one СОр / СОч (issue 7 §1): how many pupils scored in each
 * band of the scale («2» below 40 %, «3» 40–64 %, «4» 65–84 %, «5» 85–100 %) — counts only, never names or ids.
 * `hidden` says why there are no bands: the school has not allowed it, or too few scores to stay anonymous.
 */
export const zDiaryDistribution = z.object({
  workId: zId,
  kind: z.enum(WORK_KINDS),
  maxScore: z.number(),
  hidden: z.enum(DISTRIBUTION_HIDDEN).nullable(),
  bands: z.array(
    z.object({ grade: z.enum(['2', '3', '4', '5']), from: z.number(), to: z.number(), count: z.number() }),
  ),
  /** The band of the student's own score (theirs to know), or null. */
  own: z.enum(['2', '3', '4', '5']).nullable(),
});
export type DiaryDistribution = z.infer<typeof zDiaryDistribution>;

/** A school's switch for the class distribution (administrators of the school or above may change it). */
export const zDistributionSetting = z.object({
  institutionId: zId,
  classDistribution: z.boolean(),
  canChange: z.boolean(),
});
export type DistributionSetting = z.infer<typeof zDistributionSetting>;
export const zDistributionSettingUpdate = z.object({ classDistribution: z.boolean() }).strict();
