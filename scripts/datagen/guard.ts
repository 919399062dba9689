import { sql } from 'kysely';
import type { Database } from '../../server/db/client.js';
import { DEMO_USERS } from '../../server/db/demo/logins.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { DATAGEN_CODE_PREFIX } from './generate.js';

/**
 * What the target database already holds, so the generator never mixes its data into a real one by accident:
 * people other than the demo seed's and earlier generated ones ("foreign"), and earlier generated districts.
 */
export async function existingData(db: Database) {
  const demo = Object.values(DEMO_USERS).map((u) => u.username);
  const row = await sql<{ foreign: number; generated: number }>`
    select
      (select count(*)::int from persons p left join accounts a on a.person_id = p.id
        where a.username is null
           or (a.username <> all(${demo}::text[]) and a.username !~ '\\.demo$' and a.username !~ '^g[0-9]+\\.')) as "foreign",
      (select count(*)::int from institutions where code like ${`${DATAGEN_CODE_PREFIX}%`}) as "generated"`.execute(db);
  return row.rows[0]!;
}

/**
 * --reset: drops the whole `public` schema (every table, all data: demo, generated and anything else) and
 * migrates it afresh. Meant for a throwaway benchmark database; the CLI only does it when asked by name.
 * (Deleting just the generated rows is not offered: audit_events is append-only, and once the benchmark has
 * written marks their audit rows pin the generated schools.)
 */
export async function resetSchema(db: Database) {
  await sql`drop schema public cascade`.execute(db);
  await sql`create schema public`.execute(db);
  await migrateToLatest(db as never);
}
