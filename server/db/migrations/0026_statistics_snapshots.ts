import { type Kysely, sql } from 'kysely';

/**
 * Issue 6 §3, the district statistics report at a district's size (50 schools, 40,000 pupils, ≈ 3.8 M marks):
 * computed live it takes ≈ 15 s of CPU, for every authority employee who opens it. Each school's part of the
 * report — anonymous sums only (pupils per category, grade counts, attendance and fill-in counts; no person, no
 * per-pupil row) — is kept here with the date it is as of and when it was computed; a report is assembled from
 * parts younger than STATISTICS_MAX_AGE_MINUTES and recomputes only the others.
 * School-led key (the school is the distribution key); no person column.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table statistics_snapshots (
      school_id bigint not null references institutions (id),
      period_kind text not null,
      period_number smallint not null,
      as_of date not null,
      computed_at timestamptz not null,
      input jsonb not null,
      primary key (school_id, period_kind, period_number)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists statistics_snapshots`.execute(db);
}
