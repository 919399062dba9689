import { mkdirSync } from 'node:fs';
import { PGlite, types } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';
import { preparedStatementPool } from './prepared-pool.js';
import type { DB } from './schema.js';

export type Database = Kysely<DB>;

export interface DbHandle {
  db: Database;
  kind: 'pglite' | 'pg';
  /** The embedded instance, when there is one (tests dump and load its data directory). */
  pglite?: PGlite;
  close(): Promise<void>;
}

/**
 * Both drivers must hand back the same JS values: ids (int8) as numbers — they are kept below 2^53 —
 * and `date` columns as 'YYYY-MM-DD' strings (a Date would shift with the server's time zone).
 */
function safeInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error('int8 value outside the safe integer range');
  return n;
}
/** int8[] text form is '{1,2,3}' (one dimension here; numbers never need quoting). */
const parseInt8Array = (value: string) =>
  value === '{}'
    ? []
    : value
        .slice(1, -1)
        .split(',')
        .map((v) => (v === 'NULL' ? null : safeInt8(v)));

let pgParsersSet = false;
function setPgParsers() {
  if (pgParsersSet) return;
  pg.types.setTypeParser(20, safeInt8);
  pg.types.setTypeParser(1016 as 20, parseInt8Array); // int8[] (not in pg's TypeId list)
  pg.types.setTypeParser(1082, (v: string) => v);
  pgParsersSet = true;
}

const pgliteParsers = {
  [types.INT8]: safeInt8,
  [types.DATE]: (v: string) => v,
};

const plugins = [new CamelCasePlugin()];

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<PGlite> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  return PGlite.create({ dataDir, parsers: pgliteParsers, loadDataDir });
}

export function kyselyOnPglite(pglite: PGlite): DbHandle {
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite), plugins });
  return { db, kind: 'pglite', pglite, close: () => db.destroy() };
}

export function kyselyOnPg(connectionString: string, poolSize = 4, preparedStatements = true): DbHandle {
  setPgParsers();
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // Named prepared statements: parsed and planned once per connection, not per query (prepared-pool.ts).
  const dialect = new PostgresDialect({ pool: preparedStatements ? preparedStatementPool(pool) : pool });
  const db = new Kysely<DB>({ dialect, plugins });
  return { db, kind: 'pg', close: () => db.destroy() };
}

/** DATABASE_URL set → PostgreSQL; unset → PGlite in DATA_DIR/pglite. */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  poolSize?: number;
  /** PostgreSQL: named prepared statements (default true; DATABASE_PREPARED_STATEMENTS). */
  preparedStatements?: boolean;
}): Promise<DbHandle> {
  if (opts.databaseUrl) return kyselyOnPg(opts.databaseUrl, opts.poolSize, opts.preparedStatements);
  return kyselyOnPglite(await openPglite(`${opts.dataDir}/pglite`));
}
