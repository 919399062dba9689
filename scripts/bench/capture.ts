import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/** One statement as the driver was given it: the SQL text with $n placeholders and its parameter values. */
export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Records every statement the app sends to its database, at the driver (pg.Client#query, or the PGlite
 * instance's query): exactly what Kysely compiled, session lookups and transactions included — the raw-SQL
 * floor then replays the same statements. One JSON line per statement, appended synchronously, so the harness
 * can read the file between two requests. Returns a function that removes the hook.
 */
export function installSqlCapture(file: string, pglite?: PGlite): () => void {
  writeFileSync(file, '');
  const record = (text: unknown, values: unknown) => {
    if (typeof text !== 'string') return;
    appendFileSync(file, `${JSON.stringify({ text, values: Array.isArray(values) ? values : [] })}\n`);
  };
  if (pglite) {
    const original = pglite.query.bind(pglite);
    pglite.query = ((text: string, values?: unknown[], options?: unknown) => {
      record(text, values);
      return original(text, values as never, options as never);
    }) as PGlite['query'];
    return () => {
      pglite.query = original;
    };
  }
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [first, second] = args;
    if (typeof first === 'string') record(first, second);
    else if (first && typeof first === 'object' && 'text' in first) {
      const q = first as { text: unknown; values?: unknown };
      record(q.text, q.values ?? second);
    }
    return original.apply(this, args);
  };
  return () => {
    proto.query = original;
  };
}

/** The statements recorded since the last call (and empties the file). Dates are kept as their JSON strings. */
export function takeCaptured(file: string): Statement[] {
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, '');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Statement);
}
