import { z } from 'zod';
import { timeToMinutes } from '../calendar.js';
import { zDate, zId, zLocalizedName } from './primitives.js';

/**
 * The school year: its dates, periods (quarters, half-years), days off and breaks, week settings and the bell
 * schedule of each shift. Business checks that need the year (dates inside it, no overlaps) are the server's
 * (school-year.rules.ts) and answer with `errors:schoolYear.*`.
 */
export const PERIOD_KINDS = ['quarter', 'half_year'] as const;
export const DAY_OFF_KINDS = ['holiday', 'break', 'other'] as const;
export const YEAR_STATUSES = ['active', 'closed'] as const;
export const MAX_GRADE = 12;
/** Lesson numbers run 0 … 12 (a "zero" lesson before the first is common). */
export const MAX_LESSON_NUMBER = 12;

export const zGrade = z.number().int().min(0).max(MAX_GRADE);
export const zTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'errors:schoolYear.time')
  .refine((t) => !Number.isNaN(timeToMinutes(t)), 'errors:schoolYear.time');
const zYearName = z.string().trim().min(1, 'errors:validation.required').max(50, 'errors:validation.tooLong');
const zDaysPerWeek = z.union([z.literal(5), z.literal(6)]);
const zShifts = z.number().int().min(1).max(3);
/** Index = grade 0 … 12. */
export const zMaxLessonsPerDay = z
  .array(
    z
      .number()
      .int()
      .min(1)
      .max(MAX_LESSON_NUMBER + 1),
  )
  .length(MAX_GRADE + 1, 'errors:schoolYear.maxLessonsLength');

export const zPeriodInput = z
  .object({
    kind: z.enum(PERIOD_KINDS),
    number: z.number().int().min(1).max(4),
    startsOn: zDate,
    endsOn: zDate,
  })
  .strict()
  .refine((p) => p.startsOn <= p.endsOn, { message: 'errors:schoolYear.endBeforeStart', path: ['endsOn'] });
export type PeriodInput = z.infer<typeof zPeriodInput>;
export const zPeriod = z.object({
  id: zId,
  kind: z.enum(PERIOD_KINDS),
  number: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
});
export type Period = z.infer<typeof zPeriod>;

const zGrades = z
  .array(zGrade)
  .min(1)
  .max(MAX_GRADE + 1)
  .nullable();
export const zDayOffInput = z
  .object({
    kind: z.enum(DAY_OFF_KINDS),
    startsOn: zDate,
    endsOn: zDate,
    /** null = every grade. */
    grades: zGrades,
    name: z.string().trim().min(1, 'errors:validation.required').max(200, 'errors:validation.tooLong'),
    /** The national calendar's names, kept when a copied day is sent back unchanged. */
    names: z
      .object({
        kk: z.string().trim().min(1).max(200),
        ru: z.string().trim().min(1).max(200),
        en: z.string().trim().min(1).max(200),
      })
      .strict()
      .nullable()
      .optional(),
  })
  .strict()
  .refine((d) => d.startsOn <= d.endsOn, { message: 'errors:schoolYear.endBeforeStart', path: ['endsOn'] });
export type DayOffInput = z.infer<typeof zDayOffInput>;
export const zDayOff = z.object({
  id: zId,
  kind: z.enum(DAY_OFF_KINDS),
  startsOn: z.string(),
  endsOn: z.string(),
  grades: z.array(z.number()).nullable(),
  name: z.string(),
  names: zLocalizedName.nullable(),
});
export type DayOff = z.infer<typeof zDayOff>;

export const zBellLesson = z
  .object({ number: z.number().int().min(0).max(MAX_LESSON_NUMBER), startsAt: zTime, endsAt: zTime })
  .strict();
export const zShiftBells = z
  .object({ shift: zShifts, lessons: z.array(zBellLesson).max(MAX_LESSON_NUMBER + 1) })
  .strict();
export type ShiftBells = z.infer<typeof zShiftBells>;

// ── Requests ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Either from the national calendar (`templateStartYear`, the other fields optional overrides) or a custom
 * year (`startsOn` + `endsOn`, optionally with periods and days off).
 */
export const zSchoolYearCreate = z
  .object({
    templateStartYear: z.number().int().min(2000).max(2100).optional(),
    name: zYearName.optional(),
    startsOn: zDate.optional(),
    endsOn: zDate.optional(),
    daysPerWeek: zDaysPerWeek.optional(),
    shifts: zShifts.optional(),
    periods: z.array(zPeriodInput).max(8).optional(),
    daysOff: z.array(zDayOffInput).max(200).optional(),
  })
  .strict()
  .refine((v) => v.templateStartYear !== undefined || (v.startsOn !== undefined && v.endsOn !== undefined), {
    message: 'errors:schoolYear.templateOrDates',
    path: ['templateStartYear'],
  })
  .refine(
    (v) =>
      v.templateStartYear === undefined ||
      (v.startsOn === undefined && v.endsOn === undefined && !v.periods && !v.daysOff),
    { message: 'errors:schoolYear.templateOrDates', path: ['templateStartYear'] },
  );
export type SchoolYearCreate = z.infer<typeof zSchoolYearCreate>;

export const zSchoolYearUpdate = z
  .object({
    name: zYearName.optional(),
    daysPerWeek: zDaysPerWeek.optional(),
    shifts: zShifts.optional(),
    maxLessonsPerDay: zMaxLessonsPerDay.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'errors:validation.emptyUpdate');
export type SchoolYearUpdate = z.infer<typeof zSchoolYearUpdate>;

export const zPeriodsReplace = z.object({ periods: z.array(zPeriodInput).max(8) }).strict();
export const zDaysOffReplace = z.object({ daysOff: z.array(zDayOffInput).max(200) }).strict();
export const zBellsReplace = z.object({ shifts: z.array(zShiftBells).max(3) }).strict();

// ── Responses ────────────────────────────────────────────────────────────────────────────────────────────

export const zCalendarTemplate = z.object({
  startYear: z.number(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  source: z.string().nullable(),
  periods: z.array(zPeriod.omit({ id: true })),
  daysOff: z.array(zDayOff.omit({ id: true, name: true }).extend({ names: zLocalizedName })),
});
export type CalendarTemplate = z.infer<typeof zCalendarTemplate>;
export const zCalendarTemplateList = z.object({ items: z.array(zCalendarTemplate) });

export const zSchoolYearSummary = z.object({
  id: zId,
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  templateStartYear: z.number().nullable(),
  daysPerWeek: z.number(),
  shifts: z.number(),
  status: z.enum(YEAR_STATUSES),
  closedAt: z.string().nullable(),
});
export type SchoolYearSummary = z.infer<typeof zSchoolYearSummary>;
export const zSchoolYearList = z.object({
  items: z.array(zSchoolYearSummary),
  /** The year screens open on (today's, else the latest active one), or null. */
  currentYearId: zId.nullable(),
});
export type SchoolYearList = z.infer<typeof zSchoolYearList>;

export const zSchoolYear = zSchoolYearSummary.extend({
  maxLessonsPerDay: z.array(z.number()),
  periods: z.array(zPeriod),
  daysOff: z.array(zDayOff),
  bells: z.array(zShiftBells),
  /** Whether the caller may change it (an open year and a school administrator). */
  canManage: z.boolean(),
});
export type SchoolYear = z.infer<typeof zSchoolYear>;

export const zSchoolYearCloseResult = z.object({ year: zSchoolYear, endedEnrollments: z.number() });
