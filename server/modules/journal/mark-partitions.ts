import { sql } from 'kysely';
import type { Database } from '../../db/client.js';
import type { AppDeps } from '../../deps.js';
import { localDate } from '../../lib/clock.js';
import type { Job } from '../../lib/scheduler.js';
import { startYearOf } from './academic-start-year.js';

/**
 * The yearly partitions of `marks` (migration 0019): `marks_y<year>` per academic year, `marks_default` for a
 * year without its own partition yet.
 *
 * Who creates next year's partition: a periodic job, not the school-year module. Creating a year is one
 * school's request, but the partition is shared by every school: DDL there would take locks on marks inside a
 * teacher-facing transaction and 7,500 schools would race to create the same table; years also arrive by
 * other paths (imports, the data generator, test fixtures) that bypass the service. The job keeps the current
 * and the next academic year's partitions (by the clock) — the next one exists about a year before its first
 * mark. Should a mark still land in `marks_default` (the job not running, a year far ahead), the write succeeds
 * there, and the next run creates that year's partition and moves the rows into it: a default partition that
 * holds rows of a year otherwise blocks creating that year's partition.
 */

/** The partition key of a mark: the academic start year of its lesson's or work's date. */
export const markYearStart = startYearOf;

/** A fixed key for this job's advisory lock ("dapter mark partitions"). */
const PARTITION_LOCK_KEY = 4470706518;

const MIN_YEAR = 2000;
const MAX_YEAR = 2999;

/**
 * Creates the partitions of the given academic years that do not exist yet; returns the years it created.
 * Idempotent and safe with several processes (one transaction under an advisory lock, existence re-read
 * inside it). A new partition is filled from the default partition's rows of its year and then attached:
 * ATTACH takes a SHARE UPDATE EXCLUSIVE lock on marks (reads and writes go on), where CREATE TABLE … PARTITION
 * OF would take an ACCESS EXCLUSIVE one; the CHECK on the year lets ATTACH skip re-validating the new table.
 */
export async function ensureMarkPartitions(db: Database, years: number[]): Promise<number[]> {
  const wanted = [...new Set(years)].filter((y) => Number.isInteger(y) && y >= MIN_YEAR && y <= MAX_YEAR);
  if (wanted.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${PARTITION_LOCK_KEY}::bigint)`.execute(trx);
    const existing = await sql<{ name: string }>`
      select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'marks'::regclass`.execute(trx);
    const have = new Set(existing.rows.map((r) => r.name));
    const created: number[] = [];
    for (const year of wanted.sort((a, b) => a - b)) {
      const name = `marks_y${year}`;
      if (have.has(name)) continue;
      const table = sql.table(name);
      await sql`create table ${table} (like marks including defaults including constraints)`.execute(trx);
      await sql`alter table ${table} add check (year_start = ${sql.lit(year)})`.execute(trx);
      await sql`
        with moved as (delete from only marks_default where year_start = ${year} returning *)
        insert into ${table} select * from moved`.execute(trx);
      await sql`alter table marks attach partition ${table} for values in (${sql.lit(year)})`.execute(trx);
      created.push(year);
    }
    return created;
  });
}

/** The years whose rows sit in the default partition (normally none). */
async function strayYears(db: Database): Promise<number[]> {
  const rows = await sql<{ y: number }>`select distinct year_start as y from only marks_default`.execute(db);
  return rows.rows.map((r) => Number(r.y));
}

/** Keeps this and next academic year's partitions, and gives stray default-partition rows their own. */
export async function keepMarkPartitions(deps: Pick<AppDeps, 'db' | 'clock'>) {
  const current = startYearOf(localDate(deps.clock.now()));
  const created = await ensureMarkPartitions(deps.db, [current, current + 1, ...(await strayYears(deps.db))]);
  return { partitionsCreated: created.length };
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function journalJobs(deps: AppDeps): Job[] {
  return [{ name: 'mark-partitions', everyMs: DAY_MS, run: () => keepMarkPartitions(deps) }];
}
