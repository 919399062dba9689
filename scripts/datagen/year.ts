import { minutesToTime } from '@common/calendar.js';
import type { ShiftBells } from '@common/schemas/school-year.js';
import type { Database } from '../../server/db/client.js';
import { findYear, yearBells, yearDaysOff, yearPeriods } from '../../server/modules/school-year/school-year.queries.js';
import * as repo from '../../server/modules/school-year/school-year.repository.js';

/**
 * A school's year from the national calendar template, through the school-year module's own repository (the
 * same INSERT … SELECT copy of periods and days off an administrator's "create from template" runs): five days,
 * two shifts — grades 2–4 in the second, from 14:30, so no teacher's two shifts overlap in time.
 */
function shiftBells(shift: number, firstStart: string, lessons: number): ShiftBells {
  const [h, m] = firstStart.split(':').map(Number) as [number, number];
  let start = h * 60 + m;
  const out: ShiftBells['lessons'] = [];
  for (let n = 1; n <= lessons; n++) {
    out.push({ number: n, startsAt: minutesToTime(start), endsAt: minutesToTime(start + 45) });
    start += 45 + (n === 3 ? 20 : 10);
  }
  return { shift, lessons: out };
}

export const SHIFT_LESSONS: Record<number, number> = { 1: 7, 2: 5 };

export async function createYear(db: Database, schoolId: number, templateStartYear: number, at: Date) {
  const yearId = await db.transaction().execute(async (trx) => {
    const template = await repo.findTemplate(trx, templateStartYear);
    if (!template) throw new Error(`calendar template ${templateStartYear} missing (migration 0009)`);
    const { id } = await repo.insertYear(trx, {
      schoolId,
      name: `${template.startYear}–${template.startYear + 1}`,
      startsOn: template.startsOn,
      endsOn: template.endsOn,
      templateStartYear: template.startYear,
      daysPerWeek: 5,
      shifts: 2,
      at,
    });
    await repo.copyTemplateInto(trx, schoolId, id, template.startYear);
    await repo.replaceBells(trx, schoolId, id, [
      shiftBells(1, '08:00', SHIFT_LESSONS[1]!),
      shiftBells(2, '14:30', SHIFT_LESSONS[2]!),
    ]);
    return id;
  });
  const [year, periods, daysOff, bells] = await Promise.all([
    findYear(db, schoolId, yearId),
    yearPeriods(db, schoolId, yearId),
    yearDaysOff(db, schoolId, yearId),
    yearBells(db, schoolId, yearId),
  ]);
  if (!year) throw new Error('year not found after insert');
  return { year, periods, daysOff, bells };
}
export type SchoolYear = Awaited<ReturnType<typeof createYear>>;
