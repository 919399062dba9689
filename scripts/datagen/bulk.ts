import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Bulk loading for the generator: COPY … FROM STDIN (text format) on PostgreSQL, COPY … FROM '/dev/blob' on
 * PGlite (its virtual device for a Blob handed to the query). Rows are built in memory per school and sent in
 * chunks. Ids are reserved in blocks from each table's identity sequence (`reserveIds`), so rows can refer to
 * each other before they are written, ids stay ordinary bigint identities well below 2^53, and the app keeps
 * inserting after them.
 *
 * COPY fires the tables' constraints and triggers like INSERT does, so the data is checked by the database.
 */
export type Cell = string | number | boolean | null;
export type Row = readonly Cell[];

export interface BulkLoader {
  copy(table: string, columns: readonly string[], rows: readonly Row[]): Promise<void>;
  /** A statement on the loader's own connection (id reservation). */
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

/** COPY text format: tab-separated, \N for null, backslash escapes for the four special characters. */
function cell(v: Cell): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** ~1 MB text pieces, so a million-row table never becomes one giant string. */
function* chunks(rows: readonly Row[], rowsPerChunk = 20_000): Generator<string> {
  for (let i = 0; i < rows.length; i += rowsPerChunk) {
    let out = '';
    const end = Math.min(rows.length, i + rowsPerChunk);
    for (let j = i; j < end; j++) out += `${rows[j]!.map(cell).join('\t')}\n`;
    yield out;
  }
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad identifier ${name}`);
  return name;
};
const copySql = (table: string, columns: readonly string[], source: string) =>
  `copy ${ident(table)} (${columns.map(ident).join(', ')}) from ${source}`;

export async function pgLoader(connectionString: string): Promise<BulkLoader> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  return {
    async copy(table, columns, rows) {
      if (rows.length === 0) return;
      await pipeline(Readable.from(chunks(rows)), client.query(copyFrom(copySql(table, columns, 'stdin'))));
    },
    async query<R>(text: string, params: unknown[] = []) {
      return (await client.query(text, params)).rows as R[];
    },
    close: () => client.end(),
  };
}

/**
 * PGlite: one COPY per chunk (the blob is held in memory by the WASM side). The caller must not run Kysely
 * queries at the same time (PGlite is one connection; the generator is sequential).
 */
export function pgliteLoader(pglite: PGlite): BulkLoader {
  return {
    async copy(table, columns, rows) {
      for (const text of chunks(rows, 50_000)) {
        await pglite.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob([text]) });
      }
    },
    async query<R>(text: string, params: unknown[] = []) {
      return (await pglite.query<R>(text, params)).rows;
    },
    close: async () => {},
  };
}

/**
 * Reserves `n` consecutive ids from a table's identity sequence and returns the first. nextval takes the first;
 * setval moves the sequence past the block, so the app's next insert gets the id after it. The generator is the
 * only writer while it runs (it refuses a database in use by anything but demo data).
 */
/** Reservations go one at a time: nextval + setval is two statements, and schools load in parallel. */
let reserving: Promise<unknown> = Promise.resolve();

export function reserveIds(loader: BulkLoader, table: string, n: number): Promise<number> {
  if (n <= 0) return Promise.resolve(0);
  const next = reserving.then(async () => {
    const [row] = await loader.query<{ first: string | number }>(
      `select nextval(pg_get_serial_sequence($1, 'id')) as first`,
      [ident(table)],
    );
    const first = Number(row!.first);
    if (n > 1) await loader.query(`select setval(pg_get_serial_sequence($1, 'id'), $2)`, [table, first + n - 1]);
    return first;
  });
  reserving = next.catch(() => {});
  return next;
}
