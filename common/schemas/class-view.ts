import { z } from 'zod';
import { zAssessmentMode, zJournalPeriod, zResultGrade } from './journal.js';
import { zDate, zId, zLocalizedName } from './primitives.js';

/**
 * The class teacher's view (issue 5 §5): one class across all its subjects for a period — term results (running
 * while the period is open, fixed once it is closed), attendance in the period, and the pupils at risk — plus the
 * morning screen of one day's attendance with the derived full-day absences (kz-school-rules §3).
 */

/** Why a pupil is at risk (the rules and thresholds live in server/modules/class-view/at-risk.ts). */

export const RISK_KINDS = ['failing', 'na_risk', 'absences'] as const;
export type RiskKind = (typeof RISK_KINDS)[number];

/** The code a full-day absence is counted under: б only if every lesson was б, any н makes it unexcused. */
export const FULL_DAY_CODES = ['sick', 'excused', 'absent'] as const;
export type FullDayCode = (typeof FULL_DAY_CODES)[number];

// ── The classes the user may open ────────────────────────────────────────────────────────────────────────
export const zClassViewClass = z.object({
  id: zId,
  yearId: zId,
  /** "5 Ә" */
  label: z.string(),
  grade: z.number(),
  letter: z.string(),
  classTeacherName: z.string().nullable(),
  /** The user is its class teacher (an administrator also sees the others). */
  mine: z.boolean(),
});
export type ClassViewClass = z.infer<typeof zClassViewClass>;

export const zClassViewClassesQuery = z.object({ yearId: zId.optional() });
export const zClassViewClassList = z.object({ yearId: zId.nullable(), items: z.array(zClassViewClass) });
export type ClassViewClassList = z.infer<typeof zClassViewClassList>;

export const zClassViewParams = z.object({ classId: zId });
export const zClassViewQuery = z.object({
  /** Default: the current period of the kind most of the class's subjects are graded by. */
  periodId: zId.optional(),
});

// ── The overview ─────────────────────────────────────────────────────────────────────────────────────────
export const zClassViewSubject = z.object({
  /** The teaching assignment: its journal is /journal/:assignmentId. */
  assignmentId: zId,
  subjectId: zId,
  subject: zLocalizedName,
  subgroupId: zId.nullable(),
  subgroupName: z.string().nullable(),
  teacherName: z.string(),
  assessmentMode: zAssessmentMode,
});
export type ClassViewSubject = z.infer<typeof zClassViewSubject>;

/** One pupil's result in one subject (absent: the subject is a sub-group's the pupil is not in). */
export const zClassViewCell = z.object({
  assignmentId: zId,
  studentId: zId,
  /** Full precision, or null (no marks yet, exempt, pass/fail, ungraded, н/а). */
  percent: z.number().nullable(),
  grade: zResultGrade,
  /** The engine's status: graded, provisional (СОч not written yet), na, exempt, ungraded, empty… */
  status: z.string(),
  /** The term grade fixed when the period was closed (false: the running result). */
  fixed: z.boolean(),
});
export type ClassViewCell = z.infer<typeof zClassViewCell>;

/** Attendance in the period up to `asOf`, in the lessons that concern the pupil (class and own sub-groups). */
export const zClassViewAttendance = z.object({
  /** Lessons held (not cancelled) while the pupil was enrolled. */
  lessons: z.number(),
  /** Lessons missed (н + п + б). */
  missed: z.number(),
  sick: z.number(),
  excused: z.number(),
  unexcused: z.number(),
  late: z.number(),
  /** Days on which every lesson was missed (§3), and of those the unexcused ones (any н) and the sick ones (all б). */
  fullDays: z.number(),
  fullDaysUnexcused: z.number(),
  /** Whole days all of illness (б): Kundelik's report gives "full days, of which illness". */
  fullDaysSick: z.number(),
  /** missed / lessons × 100, null when no lesson was held. */
  missedPercent: z.number().nullable(),
});
export type ClassViewAttendance = z.infer<typeof zClassViewAttendance>;

export const zRiskReason = z.discriminatedUnion('kind', [
  /** A «2» (running or fixed) in these subjects. */
  z.object({ kind: z.literal('failing'), assignmentIds: z.array(zId) }),
  /** A missed СОч: «н/а» (not attested) in these subjects. */
  z.object({ kind: z.literal('na_risk'), assignmentIds: z.array(zId) }),
  z.object({
    kind: z.literal('absences'),
    missedPercent: z.number().nullable(),
    fullDaysUnexcused: z.number(),
  }),
]);
export type RiskReason = z.infer<typeof zRiskReason>;

export const zClassViewStudent = z.object({
  id: zId,
  /** "Surname FirstName", sorted in the class's language. */
  name: z.string(),
  enrolledFrom: z.string(),
  enrolledTo: z.string().nullable(),
  /** Mean of the numeric grades («2»–«5») of the period, null without any. */
  average: z.number().nullable(),
  attendance: zClassViewAttendance,
  risks: z.array(zRiskReason),
});
export type ClassViewStudent = z.infer<typeof zClassViewStudent>;

export const zClassViewThresholds = z.object({
  /** Share of the lessons so far missed, in % (≥ → at risk). */
  missedPercent: z.number(),
  /** Unexcused full days (≥ → at risk). */
  unexcusedFullDays: z.number(),
});

export const zClassView = z.object({
  class: zClassViewClass,
  period: zJournalPeriod,
  /** Every period of the class's year (quarters and half-years), for the picker. */
  periods: z.array(zJournalPeriod),
  /** Attendance counts lessons up to this day (today, or the period's end once it is over). */
  asOf: z.string(),
  subjects: z.array(zClassViewSubject),
  students: z.array(zClassViewStudent),
  cells: z.array(zClassViewCell),
  summary: z.object({
    students: z.number(),
    atRisk: z.number(),
    failing: z.number(),
    naRisk: z.number(),
    absences: z.number(),
  }),
  thresholds: zClassViewThresholds,
});
export type ClassView = z.infer<typeof zClassView>;

// ── One day ──────────────────────────────────────────────────────────────────────────────────────────────
export const zClassDayQuery = z.object({ date: zDate });

export const zClassDayLesson = z.object({
  id: zId,
  lessonNumber: z.number(),
  subject: zLocalizedName,
  subgroupId: zId.nullable(),
  subgroupName: z.string().nullable(),
  /** The journal of the lesson's subject (null when no assignment matches it). */
  assignmentId: zId.nullable(),
  status: z.enum(['scheduled', 'cancelled']),
  /** The sub-group's pupils (null: the whole class). */
  memberIds: z.array(zId).nullable(),
});
export type ClassDayLesson = z.infer<typeof zClassDayLesson>;

export const zClassDay = z.object({
  class: zClassViewClass,
  date: z.string(),
  lessons: z.array(zClassDayLesson),
  students: z.array(z.object({ id: zId, name: z.string() })),
  attendance: z.array(
    z.object({
      studentId: zId,
      lessonId: zId,
      code: z.enum(['present', 'absent', 'excused', 'sick', 'late']),
      reason: z.string().nullable(),
    }),
  ),
  /** Pupils who missed every (not cancelled) lesson of the day that concerns them, with the day's code. */
  fullDays: z.array(z.object({ studentId: zId, code: z.enum(FULL_DAY_CODES) })),
});
export type ClassDay = z.infer<typeof zClassDay>;

export const zClassViewError = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
