import type { Database } from '../../db/client.js';

/**
 * Test set-up for the classes and subjects tests: a school year straight in the database (the school-year
 * module's API has its own tests), closing it the way that module does.
 */
export async function createYear(
  db: Database,
  schoolId: number,
  dates: { startsOn?: string; endsOn?: string; name?: string } = {},
) {
  const startsOn = dates.startsOn ?? '2026-09-01';
  return db
    .insertInto('academicYears')
    .values({
      schoolId,
      name: dates.name ?? `${startsOn.slice(0, 4)}–${Number(startsOn.slice(0, 4)) + 1}`,
      startsOn,
      endsOn: dates.endsOn ?? `${Number(startsOn.slice(0, 4)) + 1}-05-25`,
      templateStartYear: null,
      maxLessonsPerDay: [4, 4, 5, 5, 5, 7, 7, 7, 7, 7, 7, 7, 7],
      closedAt: null,
    })
    .returning(['id', 'startsOn', 'endsOn'])
    .executeTakeFirstOrThrow();
}

export async function closeYear(db: Database, schoolId: number, yearId: number) {
  await db
    .updateTable('academicYears')
    .set({ status: 'closed', closedAt: new Date() })
    .where('schoolId', '=', schoolId)
    .where('id', '=', yearId)
    .execute();
}
