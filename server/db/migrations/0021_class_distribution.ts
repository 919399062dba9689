import { type Kysely, sql } from 'kysely';

/**
 * Issue 7 §1: the anonymised class distribution of a СОр / СОч in the diary is shown only where the school allows
 * it. Off by default: a histogram of a class's scores is about other children, so a school opts in (an
 * administrator's switch beside the recovery one) rather than every school publishing it unasked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table institution_settings add column class_distribution boolean not null default false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table institution_settings drop column if exists class_distribution`.execute(db);
}
