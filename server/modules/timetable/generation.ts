import { teachingDates } from '@common/calendar.js';
import type { GenerateResult } from '@common/schemas/timetable.js';
import { type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { DB } from '../../db/schema.js';
import {
  type PeriodRow,
  periodOn,
  type YearRow,
  yearDaysOff,
  yearPeriods,
} from '../school-year/school-year.queries.js';

/**
 * Dated lessons from the weekly timetable.
 *
 * A lesson is generated for (entry, date) once — `generated_for` keeps the date even when a one-off move
 * changes `date` — and attached to the quarter containing its date, so generating a half-year after its
 * quarters adds nothing. Regenerating a date range replaces the untouched lessons there that the timetable no
 * longer gives; the touched ones are kept (see `keptLesson`).
 */

/**
 * The lessons regeneration must never replace: those with a one-off change (cancel, substitute, room, move).
 *
 * Issue 5: nor those the journal refers to — marks, attendance, a topic or homework, a summative work.
 */
export function keptLesson(eb: ExpressionBuilder<DB & { l: DB['lessons'] }, 'l'>) {
  return eb.or([
    eb('l.changedAt', 'is not', null),
    eb('l.topic', 'is not', null),
    eb.exists(
      eb.selectFrom('marks as m').whereRef('m.schoolId', '=', 'l.schoolId').whereRef('m.lessonId', '=', 'l.id'),
    ),
    eb.exists(
      eb.selectFrom('attendance as a').whereRef('a.schoolId', '=', 'l.schoolId').whereRef('a.lessonId', '=', 'l.id'),
    ),
    eb.exists(
      eb.selectFrom('homework as h').whereRef('h.schoolId', '=', 'l.schoolId').whereRef('h.lessonId', '=', 'l.id'),
    ),
    eb.exists(
      eb
        .selectFrom('assessmentWorks as w')
        .whereRef('w.schoolId', '=', 'l.schoolId')
        .whereRef('w.lessonId', '=', 'l.id'),
    ),
  ]);
}

export interface GenerateRange {
  schoolId: number;
  year: YearRow;
  from: string;
  to: string;
}

/**
 * Brings the generated lessons of [from, to] in line with the current timetable: an untouched lesson that the
 * timetable would no longer generate exactly so (entry removed or moved, other room or teacher, its date now a
 * holiday…) is removed, a missing one is inserted; lessons still right keep their ids, and the kept ones
 * (`keptLesson`) are never touched. Set-based: three statements whatever the size of the school.
 */
export async function regenerateRange(trx: Database, r: GenerateRange) {
  const { schoolId, year, from, to } = r;
  if (from > to) return { created: 0, removed: 0, kept: 0 };

  // The dates each grade is taught on (holidays, breaks, grade 1's extra week, Saturdays of a 5-day week
  // skipped), with the quarter each date belongs to: computed once per grade.
  const [grades, daysOff, periods] = await Promise.all([
    trx
      .selectFrom('classes')
      .where('schoolId', '=', schoolId)
      .where('yearId', '=', year.id)
      .select('grade')
      .distinct()
      .execute(),
    yearDaysOff(trx, schoolId, year.id),
    yearPeriods(trx, schoolId, year.id),
  ]);
  const gradeCol: number[] = [];
  const dateCol: string[] = [];
  const periodCol: Array<number | null> = [];
  for (const { grade } of grades) {
    for (const date of teachingDates({ startsOn: from, endsOn: to, daysPerWeek: year.daysPerWeek, daysOff, grade })) {
      gradeCol.push(grade);
      dateCol.push(date);
      periodCol.push(quarterOf(periods, date)?.id ?? null);
    }
  }
  /** The (grade, date, period) rows the timetable is laid on. */
  const days = sql`unnest(${gradeCol}::smallint[], ${dateCol}::date[], ${periodCol}::bigint[]) as d (grade, date, period_id)`;

  const removed = await trx
    .deleteFrom('lessons as l')
    .where('l.schoolId', '=', schoolId)
    .where('l.yearId', '=', year.id)
    .where('l.timetableEntryId', 'is not', null)
    .where('l.generatedFor', '>=', from)
    .where('l.generatedFor', '<=', to)
    .where((eb) => eb.not(keptLesson(eb)))
    .where(
      sql<boolean>`not exists (
        select 1 from timetable_entries te
          join teaching_assignments ta on ta.school_id = te.school_id and ta.id = te.assignment_id
          join classes c on c.school_id = ta.school_id and c.id = ta.class_id
          join ${days} on d.grade = c.grade and d.date = l.generated_for
         where te.school_id = l.school_id and te.id = l.timetable_entry_id
           and extract(isodow from d.date) = te.weekday and d.date = l.date
           and te.shift = l.shift and te.lesson_number = l.lesson_number and te.room_id is not distinct from l.room_id
           and ta.class_id = l.class_id and ta.subgroup_id is not distinct from l.subgroup_id
           and ta.subject_id = l.subject_id and ta.teacher_person_id = l.teacher_person_id
           and d.period_id is not distinct from l.period_id)`,
    )
    .executeTakeFirst();

  let created = 0;
  if (dateCol.length > 0) {
    const result = await sql`
      insert into lessons (school_id, year_id, period_id, date, shift, lesson_number, class_id, subgroup_id,
                           subject_id, teacher_person_id, room_id, timetable_entry_id, generated_for)
      select te.school_id, te.year_id, d.period_id, d.date, te.shift, te.lesson_number, ta.class_id, ta.subgroup_id,
             ta.subject_id, ta.teacher_person_id, te.room_id, te.id, d.date
        from timetable_entries te
        join teaching_assignments ta on ta.school_id = te.school_id and ta.id = te.assignment_id
        join classes c on c.school_id = ta.school_id and c.id = ta.class_id
        join ${days} on d.grade = c.grade and extract(isodow from d.date) = te.weekday
       where te.school_id = ${schoolId} and te.year_id = ${year.id}
         and not exists (select 1 from lessons l
                          where l.school_id = te.school_id and l.timetable_entry_id = te.id and l.generated_for = d.date)`.execute(
      trx,
    );
    created = Number(result.numAffectedRows ?? 0);
  }

  const kept = await trx
    .selectFrom('lessons as l')
    .where('l.schoolId', '=', schoolId)
    .where('l.yearId', '=', year.id)
    .where('l.timetableEntryId', 'is not', null)
    .where('l.generatedFor', '>=', from)
    .where('l.generatedFor', '<=', to)
    .where((eb) => keptLesson(eb))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { created, removed: Number(removed.numDeletedRows), kept: Number(kept.n) };
}

/** The quarter of a date, else any period containing it (a school may define only half-years). */
function quarterOf(periods: readonly PeriodRow[], date: string) {
  return periodOn(periods, date, 'quarter') ?? periodOn(periods, date, 'half_year');
}

/**
 * Generates a period. The first time (nothing generated in it yet) the whole period, the past included — a
 * school starting mid-quarter gets its journal; afterwards only from today on, so timetable edits never
 * rewrite the past.
 */
export async function generatePeriod(
  trx: Database,
  schoolId: number,
  year: YearRow,
  period: { startsOn: string; endsOn: string },
  today: string,
): Promise<GenerateResult> {
  const any = await trx
    .selectFrom('lessons')
    .where('schoolId', '=', schoolId)
    .where('yearId', '=', year.id)
    .where('timetableEntryId', 'is not', null)
    .where('generatedFor', '>=', period.startsOn)
    .where('generatedFor', '<=', period.endsOn)
    .select('id')
    .limit(1)
    .executeTakeFirst();
  const from = any ? (today > period.startsOn ? today : period.startsOn) : period.startsOn;
  const to = period.endsOn;
  if (from > to) return { created: 0, removed: 0, kept: 0, from: null, to: null };
  return { ...(await regenerateRange(trx, { schoolId, year, from, to })), from, to };
}

/**
 * After a timetable save: every date range already generated, from today on, is regenerated (the ranges of
 * generated periods, merged so overlapping quarters and half-years are done once).
 */
export async function regenerateFuture(trx: Database, schoolId: number, year: YearRow, today: string) {
  const generated = await trx
    .selectFrom('academicPeriods as ap')
    .where('ap.schoolId', '=', schoolId)
    .where('ap.yearId', '=', year.id)
    .where('ap.endsOn', '>=', today)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('lessons as l')
          .whereRef('l.schoolId', '=', 'ap.schoolId')
          .whereRef('l.periodId', '=', 'ap.id')
          .where('l.timetableEntryId', 'is not', null),
      ),
    )
    .select(['ap.startsOn', 'ap.endsOn'])
    .orderBy('ap.startsOn')
    .execute();
  const ranges: Array<{ from: string; to: string }> = [];
  for (const p of generated) {
    const from = p.startsOn > today ? p.startsOn : today;
    const last = ranges.at(-1);
    if (last && from <= last.to) {
      if (p.endsOn > last.to) last.to = p.endsOn;
    } else ranges.push({ from, to: p.endsOn });
  }
  const total = { created: 0, removed: 0, kept: 0 };
  for (const r of ranges) {
    const n = await regenerateRange(trx, { schoolId, year, ...r });
    total.created += n.created;
    total.removed += n.removed;
    total.kept += n.kept;
  }
  return total;
}
