import { type Kysely, sql } from 'kysely';

/**
 * Issue 6 §4: marks are partitioned by academic year. A country writes about a billion marks a year and reads
 * almost only the current year's; with one partition per year the hot year's indexes stay small, a query that
 * names the year touches one partition, and a finished year can later be detached, archived or moved to cheaper
 * storage without a DELETE of a billion rows.
 *
 * - The key is `year_start`: the calendar year the academic year begins in (2026 for 2026-27), derived from the
 *   lesson's (or work's) date by the rule the assessment engine uses for policies (`startYearOf`: August or
 *   later → that year). It is the same for every school: academic_years ids are per school and cannot be a key.
 * - LIST partitions `marks_y<year>` plus `marks_default`. This migration creates the years present and the current
 *   and next one; later years are created by the `mark-partitions` job (server/modules/journal/mark-partitions.ts).
 *   A mark whose year has no partition yet lands in the default partition and is moved out when its year's
 *   partition is made, so no write ever depends on the job having run.
 * - A partitioned table's primary key and unique indexes must contain the partition key: they gain `year_start`
 *   as their LAST column, so lookups by (school_id, id) or (school_id, lesson_id, student) keep a usable index
 *   prefix inside every partition. A lesson (or work) lies in one academic year, so "one live mark per student ×
 *   lesson" means the same as before.
 * - Ids: a plain sequence default (same name, marks_id_seq, same value) instead of an identity column. Identity on
 *   a partitioned table behaves differently in PostgreSQL 15 (the server) and 17 (PGlite) — partitions created
 *   or attached outside the parent do not share it in 15 — and both engines must behave alike.
 *   pg_get_serial_sequence('marks', 'id') still finds it (the data generator reserves id blocks through it).
 * - Nothing references marks by foreign key, so the table can be rebuilt and renamed in place. Rows are copied
 *   with their ids; indexes, checks and foreign keys are created after the copy (one validating pass each
 *   instead of a check per row).
 */

/** `startYearOf` (server/modules/journal/term-results.ts) in SQL. */
const startYear = (date: string) =>
  `(case when extract(month from ${date}) >= 8 then extract(year from ${date}) else extract(year from ${date}) - 1 end)::smallint`;

const COLUMNS = `school_id, id, student_person_id, lesson_id, work_id, kind, value, score, status, comment, version,
  revision, created_at, created_by, updated_at, updated_by, deleted_at, deleted_by`;

/** The checks of 0013, added after the copy so their names (marks_kind_check, marks_check…) stay as they were. */
async function addChecks(db: Kysely<unknown>) {
  for (const check of [
    `kind in ('fo', 'score', 'pass_fail', 'status')`,
    'value between 1 and 10',
    'score between 0 and 100',
    `status in ('pass', 'fail', 'exempt', 'na')`,
    'length(comment) <= 500',
    'version >= 1',
    '(lesson_id is null) <> (work_id is null)',
    '(deleted_at is null) = (deleted_by is null)',
    `(kind = 'fo' and value is not null and score is null and status is null and lesson_id is not null)
      or (kind = 'score' and score is not null and value is null and status is null and work_id is not null)
      or (kind = 'pass_fail' and status in ('pass', 'fail') and value is null and score is null)
      or (kind = 'status' and status in ('exempt', 'na') and value is null and score is null)`,
  ]) {
    await sql`alter table marks add check (${sql.raw(check)})`.execute(db);
  }
}

async function addForeignKeys(db: Kysely<unknown>) {
  for (const column of ['student_person_id', 'created_by', 'updated_by', 'deleted_by']) {
    await sql`alter table marks add foreign key (${sql.id(column)}) references persons (id)`.execute(db);
  }
  await sql`alter table marks add foreign key (school_id, lesson_id) references lessons (school_id, id)`.execute(db);
  await sql`alter table marks add foreign key (school_id, work_id) references assessment_works (school_id, id)`.execute(
    db,
  );
}

/** Index names are schema-wide: the old table's go before the new table takes them. */
async function dropIndexes(db: Kysely<unknown>, table: string) {
  await sql`alter table ${sql.table(table)} drop constraint marks_pkey`.execute(db);
  await sql`drop index marks_lesson_live_uq, marks_work_live_uq, marks_student_idx, marks_lesson_idx, marks_work_idx`.execute(
    db,
  );
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table marks rename to marks_0013`.execute(db);
  await sql`alter sequence marks_id_seq rename to marks_0013_id_seq`.execute(db);
  await dropIndexes(db, 'marks_0013');

  await sql`create sequence marks_id_seq as bigint`.execute(db);
  await sql`
    create table marks (
      school_id bigint not null,
      id bigint not null default nextval('marks_id_seq'),
      -- the partition key: the calendar year its academic year begins in (see above)
      year_start smallint not null,
      student_person_id bigint not null,
      lesson_id bigint,
      work_id bigint,
      kind text not null,
      value smallint,
      score numeric(5, 2),
      status text,
      comment text,
      version integer not null default 1,
      revision bigint not null default nextval('journal_revision'),
      created_at timestamptz not null default now(),
      created_by bigint not null,
      updated_at timestamptz not null default now(),
      updated_by bigint not null,
      deleted_at timestamptz,
      deleted_by bigint
    ) partition by list (year_start)`.execute(db);
  await sql`alter sequence marks_id_seq owned by marks.id`.execute(db);
  await sql`select setval('marks_id_seq', last_value, is_called) from marks_0013_id_seq`.execute(db);

  const years = await sql<{ y: number }>`
    select distinct ${sql.raw(startYear('coalesce(l.date, w.date)'))} as y
      from marks_0013 m
      left join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
      left join assessment_works w on w.school_id = m.school_id and w.id = m.work_id
    union select ${sql.raw(startYear('current_date'))}
    union select ${sql.raw(startYear('current_date'))} + 1`.execute(db);
  for (const { y } of years.rows) {
    const year = Number(y);
    await sql`create table ${sql.table(`marks_y${year}`)} partition of marks for values in (${sql.lit(year)})`.execute(
      db,
    );
  }
  await sql`create table marks_default partition of marks default`.execute(db);

  await sql`
    insert into marks (year_start, ${sql.raw(COLUMNS)})
    select ${sql.raw(startYear('coalesce(l.date, w.date)'))}, ${sql.raw(COLUMNS.replace(/(\w+)/g, 'm.$1'))}
      from marks_0013 m
      left join lessons l on l.school_id = m.school_id and l.id = m.lesson_id
      left join assessment_works w on w.school_id = m.school_id and w.id = m.work_id`.execute(db);
  await sql`drop table marks_0013`.execute(db);

  await sql`alter table marks add primary key (school_id, id, year_start)`.execute(db);
  await sql`
    create unique index marks_lesson_live_uq on marks (school_id, lesson_id, student_person_id, year_start)
    where deleted_at is null and lesson_id is not null`.execute(db);
  await sql`
    create unique index marks_work_live_uq on marks (school_id, work_id, student_person_id, year_start)
    where deleted_at is null and work_id is not null`.execute(db);
  await sql`create index marks_student_idx on marks (school_id, student_person_id)`.execute(db);
  await sql`create index marks_lesson_idx on marks (school_id, lesson_id) where lesson_id is not null`.execute(db);
  await sql`create index marks_work_idx on marks (school_id, work_id) where work_id is not null`.execute(db);
  await addChecks(db);
  await addForeignKeys(db);
}

/** Back to the plain table of 0013: same rows and ids, the identity continuing where the sequence stood. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table marks rename to marks_0019`.execute(db);
  await sql`alter sequence marks_id_seq rename to marks_0019_id_seq`.execute(db);
  await dropIndexes(db, 'marks_0019');
  await sql`
    create table marks (
      school_id bigint not null,
      id bigint generated by default as identity,
      student_person_id bigint not null,
      lesson_id bigint,
      work_id bigint,
      kind text not null,
      value smallint,
      score numeric(5, 2),
      status text,
      comment text,
      version integer not null default 1,
      revision bigint not null default nextval('journal_revision'),
      created_at timestamptz not null default now(),
      created_by bigint not null,
      updated_at timestamptz not null default now(),
      updated_by bigint not null,
      deleted_at timestamptz,
      deleted_by bigint
    )`.execute(db);
  await sql`select setval('marks_id_seq', last_value, is_called) from marks_0019_id_seq`.execute(db);
  await sql`insert into marks (${sql.raw(COLUMNS)}) select ${sql.raw(COLUMNS)} from marks_0019`.execute(db);
  await sql`drop table marks_0019`.execute(db);
  await sql`alter table marks add primary key (school_id, id)`.execute(db);
  await sql`
    create unique index marks_lesson_live_uq on marks (school_id, lesson_id, student_person_id)
    where deleted_at is null and lesson_id is not null`.execute(db);
  await sql`
    create unique index marks_work_live_uq on marks (school_id, work_id, student_person_id)
    where deleted_at is null and work_id is not null`.execute(db);
  await sql`create index marks_student_idx on marks (school_id, student_person_id)`.execute(db);
  await sql`create index marks_lesson_idx on marks (school_id, lesson_id) where lesson_id is not null`.execute(db);
  await sql`create index marks_work_idx on marks (school_id, work_id) where work_id is not null`.execute(db);
  await addChecks(db);
  await addForeignKeys(db);
}
