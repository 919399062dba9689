import type { DayOffInput, PeriodInput, ShiftBells } from '@common/schemas/school-year.js';
import { sql } from 'kysely';
import type { Database } from '../../db/client.js';

/** Storage of the school year. Every statement is bounded by the school id, and lists are one query each. */

export async function listTemplates(db: Database) {
  const [templates, periods, daysOff] = await Promise.all([
    db.selectFrom('calendarTemplates').selectAll().orderBy('startYear', 'desc').execute(),
    db
      .selectFrom('calendarTemplatePeriods')
      .selectAll()
      .orderBy('startYear')
      .orderBy('kind', 'desc')
      .orderBy('number')
      .execute(),
    db
      .selectFrom('calendarTemplateDaysOff')
      .selectAll()
      .orderBy('startYear')
      .orderBy('startsOn')
      .orderBy('id')
      .execute(),
  ]);
  return templates.map((t) => ({
    ...t,
    periods: periods.filter((p) => p.startYear === t.startYear),
    daysOff: daysOff.filter((d) => d.startYear === t.startYear),
  }));
}

export async function findTemplate(db: Database, startYear: number) {
  return db.selectFrom('calendarTemplates').selectAll().where('startYear', '=', startYear).executeTakeFirst();
}

export async function listYears(db: Database, schoolId: number) {
  return db
    .selectFrom('academicYears')
    .select(['id', 'name', 'startsOn', 'endsOn', 'templateStartYear', 'daysPerWeek', 'shifts', 'status', 'closedAt'])
    .where('schoolId', '=', schoolId)
    .orderBy('startsOn', 'desc')
    .execute();
}

/**
 * Serialises the creation of a school's years (the overlap check and the insert), so two administrators
 * creating years at once cannot both pass the check. Transaction-scoped: released at commit or rollback.
 */
export async function lockSchoolYears(trx: Database, schoolId: number) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`academic_years:${schoolId}`}, 0))`.execute(trx);
}

/** A year of the school whose dates overlap [startsOn, endsOn], if any. */
export async function overlappingYear(trx: Database, schoolId: number, startsOn: string, endsOn: string) {
  return trx
    .selectFrom('academicYears')
    .select(['id', 'name'])
    .where('schoolId', '=', schoolId)
    .where('startsOn', '<=', endsOn)
    .where('endsOn', '>=', startsOn)
    .executeTakeFirst();
}

export async function insertYear(
  trx: Database,
  values: {
    schoolId: number;
    name: string;
    startsOn: string;
    endsOn: string;
    templateStartYear: number | null;
    daysPerWeek?: number;
    shifts?: number;
    at: Date;
  },
) {
  const { at, ...rest } = values;
  return trx
    .insertInto('academicYears')
    .values({ ...rest, createdAt: at, updatedAt: at })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** Copies the template's periods and days off into the year: one INSERT … SELECT per table. */
export async function copyTemplateInto(trx: Database, schoolId: number, yearId: number, startYear: number) {
  await trx
    .insertInto('academicPeriods')
    .columns(['schoolId', 'yearId', 'kind', 'number', 'startsOn', 'endsOn'])
    .expression((eb) =>
      eb
        .selectFrom('calendarTemplatePeriods')
        .select([
          sql.lit(schoolId).as('schoolId'),
          sql.lit(yearId).as('yearId'),
          'kind',
          'number',
          'startsOn',
          'endsOn',
        ])
        .where('startYear', '=', startYear),
    )
    .execute();
  // `name` is the state language's; the three names let everyone read it in their own language.
  await trx
    .insertInto('daysOff')
    .columns(['schoolId', 'yearId', 'kind', 'startsOn', 'endsOn', 'grades', 'name', 'nameKk', 'nameRu', 'nameEn'])
    .expression((eb) =>
      eb
        .selectFrom('calendarTemplateDaysOff')
        .select([
          sql.lit(schoolId).as('schoolId'),
          sql.lit(yearId).as('yearId'),
          'kind',
          'startsOn',
          'endsOn',
          'grades',
          'nameKk as name',
          'nameKk',
          'nameRu',
          'nameEn',
        ])
        .where('startYear', '=', startYear)
        .orderBy('id'),
    )
    .execute();
}

export async function updateYear(
  trx: Database,
  schoolId: number,
  yearId: number,
  patch: { name?: string; daysPerWeek?: number; shifts?: number; maxLessonsPerDay?: number[] },
  at: Date,
) {
  await trx
    .updateTable('academicYears')
    .set({ ...patch, updatedAt: at })
    .where('schoolId', '=', schoolId)
    .where('id', '=', yearId)
    .execute();
}

/** What of the year uses shifts above `shifts` or Saturday lessons (so the settings cannot drop them). */
export async function yearUsage(trx: Database, schoolId: number, yearId: number, shifts: number) {
  const row = await trx
    .selectNoFrom((eb) => [
      eb
        .exists(
          eb
            .selectFrom('classes')
            .select(sql.lit(1).as('one'))
            .where('schoolId', '=', schoolId)
            .where('yearId', '=', yearId)
            .where('shift', '>', shifts),
        )
        .as('classesAboveShift'),
      eb
        .exists(
          eb
            .selectFrom('timetableEntries')
            .select(sql.lit(1).as('one'))
            .where('schoolId', '=', schoolId)
            .where('yearId', '=', yearId)
            .where('shift', '>', shifts),
        )
        .as('entriesAboveShift'),
      eb
        .exists(
          eb
            .selectFrom('timetableEntries')
            .select(sql.lit(1).as('one'))
            .where('schoolId', '=', schoolId)
            .where('yearId', '=', yearId)
            .where('weekday', '=', 6),
        )
        .as('saturdayEntries'),
    ])
    .executeTakeFirstOrThrow();
  return {
    shiftInUse: Boolean(row.classesAboveShift) || Boolean(row.entriesAboveShift),
    saturdayInUse: Boolean(row.saturdayEntries),
  };
}

export async function deleteBellsAboveShift(trx: Database, schoolId: number, yearId: number, shifts: number) {
  const res = await trx
    .deleteFrom('bellSchedules')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .where('shift', '>', shifts)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/**
 * Replaces the year's periods keyed by (kind, number): kept ones are updated in place (their ids stay, so
 * lessons attached to them stay attached), new ones inserted, missing ones deleted.
 */
export async function replacePeriods(trx: Database, schoolId: number, yearId: number, periods: PeriodInput[]) {
  const keep = periods.map((p) => `${p.kind}:${p.number}`);
  let del = trx.deleteFrom('academicPeriods').where('schoolId', '=', schoolId).where('yearId', '=', yearId);
  if (keep.length > 0) del = del.where(sql<string>`kind || ':' || number`, 'not in', keep);
  await del.execute();
  if (periods.length === 0) return;
  await trx
    .insertInto('academicPeriods')
    .values(periods.map((p) => ({ schoolId, yearId, ...p })))
    .onConflict((oc) =>
      oc.columns(['schoolId', 'yearId', 'kind', 'number']).doUpdateSet((eb) => ({
        startsOn: eb.ref('excluded.startsOn'),
        endsOn: eb.ref('excluded.endsOn'),
      })),
    )
    .execute();
}

/** Periods among those to be deleted that lessons are attached to (one query). */
export async function periodsInUse(trx: Database, schoolId: number, yearId: number, keep: PeriodInput[]) {
  const keepKeys = keep.map((p) => `${p.kind}:${p.number}`);
  let q = trx
    .selectFrom('academicPeriods as p')
    .select(['p.kind', 'p.number'])
    .where('p.schoolId', '=', schoolId)
    .where('p.yearId', '=', yearId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('lessons as l')
          .select(sql.lit(1).as('one'))
          .where('l.schoolId', '=', schoolId)
          .whereRef('l.periodId', '=', 'p.id'),
      ),
    );
  if (keepKeys.length > 0) q = q.where(sql<string>`p.kind || ':' || p.number`, 'not in', keepKeys);
  return q.execute();
}

export async function replaceDaysOff(trx: Database, schoolId: number, yearId: number, daysOff: DayOffInput[]) {
  await trx.deleteFrom('daysOff').where('schoolId', '=', schoolId).where('yearId', '=', yearId).execute();
  if (daysOff.length === 0) return;
  await trx
    .insertInto('daysOff')
    .values(
      daysOff.map((d) => ({
        schoolId,
        yearId,
        kind: d.kind,
        startsOn: d.startsOn,
        endsOn: d.endsOn,
        grades: d.grades,
        name: d.name,
        nameKk: d.names?.kk ?? null,
        nameRu: d.names?.ru ?? null,
        nameEn: d.names?.en ?? null,
      })),
    )
    .execute();
}

export async function replaceBells(trx: Database, schoolId: number, yearId: number, shifts: ShiftBells[]) {
  await trx.deleteFrom('bellSchedules').where('schoolId', '=', schoolId).where('yearId', '=', yearId).execute();
  const rows = shifts.flatMap((s) =>
    s.lessons.map((l) => ({
      schoolId,
      yearId,
      shift: s.shift,
      lessonNumber: l.number,
      startsAt: l.startsAt,
      endsAt: l.endsAt,
    })),
  );
  if (rows.length > 0) await trx.insertInto('bellSchedules').values(rows).execute();
}

/** Archives the year and ends its open enrolments on its last day, in one statement each. */
export async function closeYear(trx: Database, schoolId: number, yearId: number, endsOn: string, at: Date) {
  await trx
    .updateTable('academicYears')
    .set({ status: 'closed', closedAt: at, updatedAt: at })
    .where('schoolId', '=', schoolId)
    .where('id', '=', yearId)
    .execute();
  const res = await trx
    .updateTable('classEnrollments')
    // An enrolment starting after the year's end (entered by mistake) ends on its own first day.
    .set((eb) => ({
      endsOn: sql<string>`greatest(${eb.ref('startsOn')}, ${endsOn}::date)`,
      endReason: 'year_closed',
    }))
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', yearId)
    .where('endsOn', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
