import { type Kysely, sql } from 'kysely';

/**
 * Imports (issue 4 §4), on top of import_jobs / import_rows from 0008:
 * - import_rows.data becomes nullable: once a job is applied its rows' personal data (the file's cells) is no
 *   longer needed and is erased; the outcome and the matched person stay as the job's record.
 * - import_rows.detail: what the dry run found per row (how it matched, which fields would change, what is
 *   added) — field names and codes only, no personal data, so it outlives `data`.
 * - the purge deletes a purged person's import rows (PERSON_COLUMNS 'delete'): an index so it does not scan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_rows alter column data drop not null`.execute(db);
  await sql`alter table import_rows add column detail jsonb`.execute(db);
  await sql`
    create index import_rows_person_idx on import_rows (school_id, matched_person_id)
    where matched_person_id is not null`.execute(db);
  // The jobs list of a school, newest first.
  await sql`create index import_jobs_list_idx on import_jobs (school_id, created_at desc)`.execute(db);
}
