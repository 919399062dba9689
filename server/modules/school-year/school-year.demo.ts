import { minutesToTime } from '@common/calendar.js';
import type { ShiftBells } from '@common/schemas/school-year.js';
import type { Database } from '../../db/client.js';
import * as repo from './school-year.repository.js';

/** 45-minute lessons with 10-minute breaks and a 20-minute one after the third lesson (lunch). */
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

/**
 * The demo school's 2026–27 year from the national calendar: a five-day week in two shifts (the common case,
 * kz-school-rules §2.2), shift 1 from 08:00 and shift 2 from 13:30. Returns the year's id.
 */
export async function seedDemoSchoolYear(db: Database, schoolId: number, at: Date = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const template = await repo.findTemplate(trx, 2026);
    if (!template) throw new Error('calendar template 2026 missing (migration 0009)');
    const { id } = await repo.insertYear(trx, {
      schoolId,
      name: '2026–2027',
      startsOn: template.startsOn,
      endsOn: template.endsOn,
      templateStartYear: template.startYear,
      daysPerWeek: 5,
      shifts: 2,
      at,
    });
    await repo.copyTemplateInto(trx, schoolId, id, template.startYear);
    await repo.replaceBells(trx, schoolId, id, [shiftBells(1, '08:00', 6), shiftBells(2, '13:30', 6)]);
    return id;
  });
}
