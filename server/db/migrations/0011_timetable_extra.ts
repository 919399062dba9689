import { type Kysely, sql } from 'kysely';

/**
 * Issue 4, timetable: a generated lesson remembers the date its timetable entry generated it for. A one-off
 * move changes `date` but never `generated_for`, so regeneration can tell that entry E already has its lesson
 * of that day (moved elsewhere) and does not put it back. Unique per entry and day: generating twice, or a
 * quarter and then the half-year that contains it, never duplicates a lesson.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table lessons add column generated_for date`.execute(db);
  await sql`alter table lessons add constraint lessons_generated_check
    check ((timetable_entry_id is null) = (generated_for is null))`.execute(db);
  await sql`
    create unique index lessons_generated_uq on lessons (school_id, timetable_entry_id, generated_for)
    where timetable_entry_id is not null`.execute(db);
}
