import { sql } from 'kysely';
import type { Database } from './client.js';

/**
 * Runs one heavy read with a larger `work_mem` for its own transaction only (SET LOCAL ends with it), so its sorts
 * and hash aggregates stay in memory instead of spilling to temporary files: the district statistics' mark
 * aggregation and attendance sorted ≈ 7 and ≈ 15 MB on disk at the default 4 MB (EXPLAIN ANALYZE, issue 6 §3).
 * Raising it for the whole server would let every connection's every sort take that much. Inside a caller's
 * transaction the statement just runs there (a nested transaction is not possible, and the caller's setting stays).
 */
export async function withWorkMem<T>(db: Database, megabytes: number, read: (db: Database) => Promise<T>): Promise<T> {
  if (db.isTransaction) return read(db);
  return db.transaction().execute(async (trx) => {
    await sql.raw(`set local work_mem = '${Math.trunc(megabytes)}MB'`).execute(trx);
    return read(trx);
  });
}
