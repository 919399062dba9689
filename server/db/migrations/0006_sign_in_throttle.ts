import type { Kysely } from 'kysely';

/** Placeholder filled in by its issue-3 workstream before it lands. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
export async function down(_db: Kysely<unknown>): Promise<void> {}
