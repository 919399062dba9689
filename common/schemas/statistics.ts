import { z } from 'zod';
import { zId, zLocalizedName } from './primitives.js';
import { zCategoryCounts } from './reports.js';

/**
 * Anonymised statistics for education authorities (issue 6 §2 "district statistics report", kz-school-rules §4.1
 * formulas and §4.2 roll-up class → school → district → region → ministry): only counts and percentages per
 * school, never a name of a pupil or teacher. Each school has its own academic year and periods, so a period is
 * asked for by its kind and ordinal (quarter 1 …) and every school answers with its own dates.
 */

export const STATISTICS_PERIOD_KINDS = ['quarter', 'half_year'] as const;

export const zStatisticsQuery = z
  .object({
    kind: z.enum(STATISTICS_PERIOD_KINDS).default('quarter'),
    number: z.coerce.number().int().min(1).max(4),
    /** One institution beneath the actor's own (a region looking at one district); omitted: the actor's own. */
    institutionId: zId.optional(),
  })
  .refine((q) => q.kind === 'quarter' || q.number <= 2, { message: 'errors:validation.tooBig', path: ['number'] });
export type StatisticsQuery = z.infer<typeof zStatisticsQuery>;

export const zStatisticsExportQuery = z
  .object({
    kind: z.enum(STATISTICS_PERIOD_KINDS).default('quarter'),
    number: z.coerce.number().int().min(1).max(4),
    institutionId: zId.optional(),
    format: z.enum(['xlsx']).default('xlsx'),
  })
  .refine((q) => q.kind === 'quarter' || q.number <= 2, { message: 'errors:validation.tooBig', path: ['number'] });

/** The figures of a school, of a district's schools or of the whole subtree. */
export const zStatisticsFigures = z.object({
  /** Enrolled at the period's end (or today while it runs). */
  pupils: z.number(),
  /** Pupils by category (§4.1 "per pupil", lowest grade). */
  categories: zCategoryCounts,
  /** §4.1 N: pupils counted (exempt and pupils without any grade left out, н/а in). */
  n: z.number(),
  success: z.number().nullable(),
  quality: z.number().nullable(),
  sou: z.number().nullable(),
  average: z.number().nullable(),
  /** At least one class's period is still open: running (provisional) results. */
  running: z.boolean(),
  attendance: z.object({
    /** Lessons held so far × their pupils (the denominator of the share missed). */
    pupilLessons: z.number(),
    /** Lessons missed (н, п, б). */
    missedLessons: z.number(),
    missedPercent: z.number().nullable(),
    /** Whole days missed (every lesson of the day), and of those for illness. */
    days: z.number(),
    sickDays: z.number(),
  }),
  fillIn: z.object({
    /** Lessons held so far (not cancelled), and those without a topic. */
    lessons: z.number(),
    withoutTopic: z.number(),
    withoutTopicPercent: z.number().nullable(),
  }),
});
export type StatisticsFigures = z.infer<typeof zStatisticsFigures>;

export const zSchoolStatistics = zStatisticsFigures.extend({
  schoolId: zId,
  name: zLocalizedName,
  /** The district (or other authority) the school is counted under in the subtotals. */
  groupId: zId,
  /** The school's own period of that kind and ordinal in its current year; null when it has none. */
  period: z.object({ id: zId, startsOn: z.string(), endsOn: z.string() }).nullable(),
});
export type SchoolStatistics = z.infer<typeof zSchoolStatistics>;

export const zStatisticsGroup = zStatisticsFigures.extend({
  institutionId: zId,
  name: zLocalizedName,
  schools: z.number(),
});

export const zStatisticsReport = z.object({
  kind: z.enum(STATISTICS_PERIOD_KINDS),
  number: z.number(),
  /** The date the running figures are as of. */
  asOf: z.string(),
  /**
   * When the oldest school figures in the report were computed (ISO time): schools' parts are kept for a few
   * minutes (STATISTICS_MAX_AGE_MINUTES) rather than recomputed for every reader.
   */
  computedAt: z.string(),
  institution: z.object({ id: zId, kind: z.string(), name: zLocalizedName }),
  schools: z.array(zSchoolStatistics),
  /** Per district (for a region or the ministry; empty for a district itself). */
  groups: z.array(zStatisticsGroup),
  total: zStatisticsFigures.extend({ schools: z.number() }),
});
export type StatisticsReport = z.infer<typeof zStatisticsReport>;
