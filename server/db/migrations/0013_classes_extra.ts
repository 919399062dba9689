import type { Kysely } from 'kysely';

/** Placeholder reserved for a workstream of issue 4; filled before it is merged. */
export async function up(_db: Kysely<unknown>): Promise<void> {}
