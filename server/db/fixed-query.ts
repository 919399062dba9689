import { type Compilable, type CompiledQuery, createQueryId, type InferResult, type RawBuilder } from 'kysely';
import type { Database } from './client.js';

/**
 * A statement of fixed shape, built and compiled by Kysely once per database instead of on every request.
 *
 * Kysely builds an immutable node tree per query, runs it through the CamelCasePlugin's transformer and compiles
 * it to SQL: on the diary week that was ≈ 25 % of the server's busy CPU (bench/results, --cpu-prof: freeze,
 * transformNodeImpl, visitNode, parseStringReference…), for text that is the same every time. Here the builder
 * runs once with placeholders for the parameters; each call only puts its values in their places. The SQL text is
 * then also the same string object every time, which the named prepared statement cache (prepared-pool.ts) finds
 * without hashing fresh text.
 *
 * The builder sees each parameter as an opaque placeholder, so it must not branch on or inspect them: a value is
 * only ever compared or passed (`where('x', '=', p.id)`, `sql\`${p.date}\``). A list goes as one array parameter
 * (`eb('x', '=', fn.any(val(p.ids)))`), never `in` (whose SQL depends on the list's length); `is null` is written
 * literally (Kysely writes `is $1`, a syntax error, for a placeholder).
 */
class Slot {
  constructor(readonly key: string) {}
}

const slots = new Proxy({} as Record<string, Slot>, {
  get: (_target, key) => (typeof key === 'string' ? new Slot(key) : undefined),
});

interface Template {
  compiled: CompiledQuery;
  /** For each parameter of the SQL: the name of the call's value, or a constant Kysely parameterised itself. */
  params: Array<{ slot: string } | { constant: unknown }>;
}

/** The rows of a built query: a query builder's, or a raw `sql<Row>` statement's. */
type Rows<Q> = Q extends RawBuilder<infer R> ? R[] : Q extends Compilable<unknown> ? InferResult<Q> : never;

export function fixedQuery<P extends object, Q extends Compilable<unknown> | RawBuilder<unknown>>(
  build: (db: Database, p: P) => Q,
): (db: Database, params: P) => Promise<Rows<Q>> {
  // One template per database instance (tests open many; the SQL would be the same, the plugins are per instance).
  const templates = new WeakMap<Database, Template>();
  const templateFor = (db: Database) => {
    let t = templates.get(db);
    if (!t) {
      // A raw `sql` statement compiles through the database (its plugins); a query builder already knows it.
      const compiled = (build(db, slots as unknown as P) as { compile(db: Database): CompiledQuery }).compile(db);
      t = {
        compiled,
        params: compiled.parameters.map((v) => (v instanceof Slot ? { slot: v.key } : { constant: v })),
      };
      templates.set(db, t);
    }
    return t;
  };
  return async (db, params) => {
    const t = templateFor(db);
    const values = params as Record<string, unknown>;
    const parameters = t.params.map((p) => ('slot' in p ? values[p.slot] : p.constant));
    const { rows } = await db.executeQuery({ ...t.compiled, parameters, queryId: createQueryId() });
    return rows as Rows<Q>;
  };
}
