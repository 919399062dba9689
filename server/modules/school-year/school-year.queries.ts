import type { Database } from '../../db/client.js';
import { AppError, notFound } from '../../errors.js';

/**
 * What other modules read about a school's years. Every function takes the school id from the caller's
 * context (never from the client) and never reaches another school's rows.
 */

const yearColumns = [
  'id',
  'schoolId',
  'name',
  'startsOn',
  'endsOn',
  'templateStartYear',
  'daysPerWeek',
  'shifts',
  'maxLessonsPerDay',
  'status',
  'closedAt',
  'createdAt',
  'updatedAt',
] as const;

export async function findYear(db: Database, schoolId: number, yearId: number) {
  return db
    .selectFrom('academicYears')
    .select(yearColumns)
    .where('schoolId', '=', schoolId)
    .where('id', '=', yearId)
    .executeTakeFirst();
}
export type YearRow = NonNullable<Awaited<ReturnType<typeof findYear>>>;

/**
 * The year a screen opens on: the one whose dates contain `today` (closed or not), else the latest active
 * one (in summer: the year being prepared), else null.
 */
export async function currentYear(db: Database, schoolId: number, today: string): Promise<YearRow | null> {
  const row = await db
    .selectFrom('academicYears')
    .select(yearColumns)
    .where('schoolId', '=', schoolId)
    .where((eb) =>
      eb.or([eb.and([eb('startsOn', '<=', today), eb('endsOn', '>=', today)]), eb('status', '=', 'active')]),
    )
    .orderBy((eb) => eb.and([eb('startsOn', '<=', today), eb('endsOn', '>=', today)]), 'desc')
    .orderBy('startsOn', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Every write into a year calls this inside its transaction first. It takes a share lock on the year row,
 * so closing (which updates the row) waits for writes in flight and writes that come later see the year
 * closed: nothing slips into a closed year. A year of another school is not found (404).
 */
export async function assertYearOpen(trx: Database, schoolId: number, yearId: number): Promise<YearRow> {
  const year = await trx
    .selectFrom('academicYears')
    .select(yearColumns)
    .where('schoolId', '=', schoolId)
    .where('id', '=', yearId)
    .forShare()
    .executeTakeFirst();
  if (!year) throw notFound();
  if (year.status === 'closed') throw new AppError(409, 'schoolYear.closed', { name: year.name });
  return year;
}

/** The year's days off and breaks (with the national calendar's names in kk/ru/en where copied from it). */
export async function yearDaysOff(db: Database, schoolId: number, yearId: number) {
  return db
    .selectFrom('daysOff')
    .select(['id', 'kind', 'startsOn', 'endsOn', 'grades', 'name', 'nameKk', 'nameRu', 'nameEn'])
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .orderBy('startsOn')
    .orderBy('endsOn')
    .orderBy('id')
    .execute();
}
export type DayOffRow = Awaited<ReturnType<typeof yearDaysOff>>[number];

/** Quarters then half-years, each in order. */
export async function yearPeriods(db: Database, schoolId: number, yearId: number) {
  return db
    .selectFrom('academicPeriods')
    .select(['id', 'kind', 'number', 'startsOn', 'endsOn'])
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .orderBy('kind', 'desc') // 'quarter' before 'half_year'
    .orderBy('number')
    .execute();
}
export type PeriodRow = Awaited<ReturnType<typeof yearPeriods>>[number];

/** The bell schedule of every shift, times as 'HH:MM'. */
export async function yearBells(db: Database, schoolId: number, yearId: number) {
  const rows = await db
    .selectFrom('bellSchedules')
    .select(['shift', 'lessonNumber', 'startsAt', 'endsAt'])
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .orderBy('shift')
    .orderBy('lessonNumber')
    .execute();
  return rows.map((r) => ({ ...r, startsAt: r.startsAt.slice(0, 5), endsAt: r.endsAt.slice(0, 5) }));
}
export type BellRow = Awaited<ReturnType<typeof yearBells>>[number];

/** The period of a kind containing the date (lessons are attached to their quarter), or undefined. */
export function periodOn<P extends { kind: string; startsOn: string; endsOn: string }>(
  periods: readonly P[],
  date: string,
  kind: 'quarter' | 'half_year' = 'quarter',
): P | undefined {
  return periods.find((p) => p.kind === kind && p.startsOn <= date && date <= p.endsOn);
}
