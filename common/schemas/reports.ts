import { z } from 'zod';
import { zDate, zId, zLocalizedName } from './primitives.js';

/**
 * The administrator's reports (issue 5 §5, kz-school-rules §3 and §4.1): performance and attendance per class and
 * for the whole school, and the journal fill-in status per teacher. Percentages are rounded half-up to one decimal,
 * averages to two (the formulas: server/modules/reports/formulas.ts).
 */

export const PUPIL_CATEGORIES = [
  'excellent',
  'oneFour',
  'good',
  'oneThree',
  'satisfactory',
  'failing',
  'na',
  'none',
] as const;
export type PupilCategoryKey = (typeof PUPIL_CATEGORIES)[number];
export const REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const zPeriodQuery = z.object({ periodId: zId });
export const zClassParams = z.object({ classId: zId });
/** A period, or a date range (both ends; at most a year). */
export const zAttendanceQuery = z
  .object({ periodId: zId.optional(), from: zDate.optional(), to: zDate.optional() })
  .refine((q) => q.periodId !== undefined || (q.from !== undefined && q.to !== undefined), {
    message: 'errors:validation.required',
    path: ['periodId'],
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'errors:validation.date',
    path: ['to'],
  });
export type AttendanceQuery = z.infer<typeof zAttendanceQuery>;
export const zPerformanceExportQuery = z.object({
  periodId: zId,
  format: z.enum(REPORT_FORMATS).default('xlsx'),
  /** One class's subject rows and pupils; omitted: the school summary. */
  classId: zId.optional(),
});
export const zAttendanceExportQuery = z
  .object({
    periodId: zId.optional(),
    from: zDate.optional(),
    to: zDate.optional(),
    format: z.enum(REPORT_FORMATS).default('xlsx'),
    classId: zId.optional(),
  })
  .refine((q) => q.periodId !== undefined || (q.from !== undefined && q.to !== undefined), {
    message: 'errors:validation.required',
    path: ['periodId'],
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'errors:validation.date',
    path: ['to'],
  });

export const zReportPeriod = z.object({
  id: zId,
  kind: z.enum(['quarter', 'half_year']),
  number: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
});

const zRates = {
  /** §4.1 N: pupils counted (exempt and pupils without any grade left out, н/а in). */
  n: z.number(),
  average: z.number().nullable(),
  success: z.number().nullable(),
  quality: z.number().nullable(),
  sou: z.number().nullable(),
};
export const zGradeCounts = z.object({
  n5: z.number(),
  n4: z.number(),
  n3: z.number(),
  n2: z.number(),
  na: z.number(),
  exempt: z.number(),
  pass: z.number(),
  fail: z.number(),
  none: z.number(),
});
export const zCategoryCounts = z.object(
  Object.fromEntries(PUPIL_CATEGORIES.map((c) => [c, z.number()])) as Record<PupilCategoryKey, z.ZodNumber>,
);

/** One class in the school summary. */
export const zClassSummary = z.object({
  classId: zId,
  label: z.string(),
  language: z.string(),
  /** Enrolled at the period's end (or today while it runs). */
  pupils: z.number(),
  categories: zCategoryCounts,
  /** By pupil category (lowest grade): success and quality over N. */
  n: z.number(),
  success: z.number().nullable(),
  quality: z.number().nullable(),
  /** Over all the class's grades. */
  average: z.number().nullable(),
  sou: z.number().nullable(),
  /** Open period: provisional (running) results. */
  running: z.boolean(),
});
export type ClassSummary = z.infer<typeof zClassSummary>;
export const zPerformanceSummary = z.object({
  period: zReportPeriod,
  /** At least one class's period is still open. */
  running: z.boolean(),
  classes: z.array(zClassSummary),
  total: zClassSummary.omit({ classId: true, label: true, language: true }),
});
export type PerformanceSummary = z.infer<typeof zPerformanceSummary>;

export const zSubjectRow = z.object({
  subjectId: zId,
  subject: zLocalizedName,
  counts: zGradeCounts,
  ...zRates,
});
export type SubjectRow = z.infer<typeof zSubjectRow>;
export const zPupilRow = z.object({
  studentId: zId,
  name: z.string(),
  category: z.enum(PUPIL_CATEGORIES),
  /** subjectId → final grade ('5'…'2', 'na', 'pass', 'fail', 'exempt', 'none'). */
  grades: z.record(z.string(), z.string()),
});
export const zClassPerformance = z.object({
  period: zReportPeriod,
  classId: zId,
  label: z.string(),
  running: z.boolean(),
  subjects: z.array(zSubjectRow),
  /** All the class's grades together (average, СОУ) with the class-level success and quality (by pupil). */
  total: z.object({ counts: zGradeCounts, ...zRates }),
  pupils: z.array(zPupilRow),
  categories: zCategoryCounts,
});
export type ClassPerformance = z.infer<typeof zClassPerformance>;

// ── Attendance (§3) ──────────────────────────────────────────────────────────────────────────────────────
export const zAttendanceCounts = z.object({
  /** Full days missed: every lesson of the day that concerns the pupil missed (н, п or б). */
  days: z.number(),
  /** …of which every missed lesson was illness (б). */
  sickDays: z.number(),
  lessons: z.number(),
  sickLessons: z.number(),
  /** Lessons marked «о». */
  lates: z.number(),
});
export type AttendanceCounts = z.infer<typeof zAttendanceCounts>;
export const zAttendanceRange = z.object({ from: z.string(), to: z.string(), periodId: zId.nullable() });
export const zAttendanceSummary = z.object({
  range: zAttendanceRange,
  classes: z.array(
    zAttendanceCounts.extend({ classId: zId, label: z.string(), language: z.string(), pupils: z.number() }),
  ),
  total: zAttendanceCounts.extend({ pupils: z.number() }),
});
export type AttendanceSummary = z.infer<typeof zAttendanceSummary>;
export const zClassAttendance = z.object({
  range: zAttendanceRange,
  classId: zId,
  label: z.string(),
  pupils: z.array(zAttendanceCounts.extend({ studentId: zId, name: z.string() })),
  total: zAttendanceCounts,
});
export type ClassAttendance = z.infer<typeof zClassAttendance>;

// ── Fill-in status ───────────────────────────────────────────────────────────────────────────────────────
export const zFillInItem = z.object({
  assignmentId: zId.nullable(),
  classLabel: z.string(),
  subject: zLocalizedName,
  subgroupName: z.string().nullable(),
  /** Dates of held lessons (≤ today) without a topic. */
  noTopic: z.array(z.string()),
  /** Dates of held lessons with neither attendance nor a mark. */
  empty: z.array(z.string()),
  /** The assignment has a СОч this period but no СОч work exists yet. */
  missingSoch: z.boolean(),
  /** СОч works already written (date ≤ today) with students still without a score. */
  unscoredSoch: z.array(z.object({ workId: zId, title: z.string(), date: z.string(), students: z.number() })),
});
export type FillInItem = z.infer<typeof zFillInItem>;
export const zFillInTeacher = z.object({
  teacherPersonId: zId,
  name: z.string(),
  noTopic: z.number(),
  empty: z.number(),
  missingSoch: z.number(),
  unscoredSoch: z.number(),
  items: z.array(zFillInItem),
});
export type FillInTeacher = z.infer<typeof zFillInTeacher>;
export const zFillInReport = z.object({
  period: zReportPeriod,
  /** The school's today: lessons up to it count as held. */
  today: z.string(),
  teachers: z.array(zFillInTeacher),
});
export type FillInReport = z.infer<typeof zFillInReport>;
