import { z } from 'zod';
import {
  PERIOD_KINDS,
  zAttendance,
  zJournalPeriod,
  zLessonColumn,
  zMark,
  zReason,
  zResultGrade,
  zWorkColumn,
} from './journal.js';

/** The journal's reads beside the grid: changes since a revision, a mark's history, closing periods, results. */
import { zId } from './primitives.js';

// ── Changes, history, periods ──────────────────────────────────────────────────────────────────────────────
export const zChangesQuery = z.object({
  since: z.coerce.number().int().min(0),
  periodId: zId.optional(),
});
/** Everything in this grid written after `since`; apply on top of the loaded grid. */
export const zJournalChanges = z.object({
  revision: z.number(),
  marks: z.array(zMark),
  removedMarkIds: z.array(zId),
  attendance: z.array(zAttendance),
  lessons: z.array(zLessonColumn),
  works: z.array(zWorkColumn),
  removedWorkIds: z.array(zId),
  closed: z.boolean(),
});
export type JournalChanges = z.infer<typeof zJournalChanges>;

export const zMarkHistoryEntry = z.object({
  at: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  ip: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export const zMarkHistory = z.object({ items: z.array(zMarkHistoryEntry) });

export const zPeriodClose = z.object({ classId: zId.nullable().optional() }).strict();
export const zPeriodReopen = z.object({ classId: zId.nullable().optional(), reason: zReason }).strict();
export const zPeriodParams = z.object({ periodId: zId });
export const zPeriodClosure = z.object({ periodId: zId, classId: zId.nullable(), closed: z.boolean() });
export type PeriodClosure = z.infer<typeof zPeriodClosure>;
export const zMarkIdParam = z.object({ id: zId });

// ── Period and year results (term grades fixed at a close, year grades fixed when the last period closes) ──
export const zFixedResult = z.object({ grade: zResultGrade, status: z.string() });
export const zJournalResults = z.object({
  periodKind: z.enum(PERIOD_KINDS),
  /** The assignment's periods of its kind, in order, each with whether it is closed for the class. */
  periods: z.array(zJournalPeriod),
  students: z.array(
    z.object({
      id: zId,
      name: z.string(),
      /** One per period, in `periods` order: the fixed term grade, or null while the period is open. */
      terms: z.array(zFixedResult.nullable()),
      /** The fixed year grade, or null until every period is closed. */
      year: zFixedResult.nullable(),
    }),
  ),
});
export type JournalResults = z.infer<typeof zJournalResults>;
