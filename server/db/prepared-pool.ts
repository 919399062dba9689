import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * Named prepared statements for Kysely's PostgresDialect.
 *
 * Kysely hands node-postgres `query(text, values)`, which goes out as an unnamed statement: PostgreSQL parses and
 * plans it on every execution. Profiled on the diary week (bench/results/2026-11-26-summary.md): ≈ 4.8 ms of the
 * 9.4 ms of database time per request was planning; the same statements as named prepared statements ran ×3.6
 * faster in the raw floor (142 → 510 req/s). So every parameterised statement is sent as `{ name, text, values }`:
 * node-postgres parses it once per connection, and after five executions PostgreSQL settles on a generic plan.
 *
 * - The name is a short hash of the text, the same on every connection (readable in pg_prepared_statements).
 * - At most `maxPerConnection` names per connection: text that varies with its input (an IN-list of n
 *   placeholders) must not grow server and client memory without bound. Beyond the cap statements go unnamed.
 * - Text without parameters stays unnamed: it goes by the simple protocol (one round trip), which is also what
 *   lets migrations send several statements in one text; transaction control is such text.
 * - A prepared statement can outlive the schema it was planned on. PostgreSQL replans it after DDL by itself,
 *   but refuses when the result's columns changed ("cached plan must not change result type", 0A000), and a
 *   DISCARD/DEALLOCATE behind node-postgres' back leaves it unknown (26000). Then the name is dropped for that
 *   connection (the next use prepares a fresh one) and, outside a transaction, the statement is retried once
 *   unnamed — the failed attempt did nothing. Inside a transaction the error stands: the transaction is aborted.
 */
export interface PreparedPoolOptions {
  /** Distinct named statements per connection (default 1,000). */
  maxPerConnection?: number;
}

export const DEFAULT_MAX_PREPARED = 1000;
const RETRY_CODES = new Set(['0A000', '26000']);

/** The short name of a statement's text: 'dp_' + 16 hex digits of its SHA-1 (collisions: ≈ 2^-64 per pair). */
export function statementName(text: string): string {
  return `dp_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
}

type PgResult = PostgresQueryResult<unknown>;

class PreparedClient {
  /** text → the name it is prepared under on this connection. */
  readonly #names = new Map<string, string>();
  /** Bumped when a name goes stale, so its text is prepared again under a name the connection has not used. */
  #generation = 0;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly max: number,
  ) {}

  /** How many statements this connection has named (tests, diagnostics). */
  get preparedCount() {
    return this.#names.size;
  }

  query(textOrCursor: unknown, values?: readonly unknown[]): unknown {
    // Cursors (Kysely's streamQuery) and text without parameters pass through unchanged.
    if (typeof textOrCursor !== 'string' || !values || values.length === 0) {
      return (this.client.query as (a: unknown, b?: unknown) => unknown)(textOrCursor, values);
    }
    return this.#named(textOrCursor, values as unknown[]);
  }

  async #named(text: string, values: unknown[]): Promise<PgResult> {
    let name = this.#names.get(text);
    if (name === undefined) {
      if (this.#names.size >= this.max) return this.client.query(text, values) as Promise<PgResult>;
      name = statementName(text) + (this.#generation ? `_${this.#generation}` : '');
      this.#names.set(text, name);
    }
    // Before the query is sent: 'I' (idle) means no transaction is open that its failure would abort.
    const outsideTransaction = this.client.getTransactionStatus() === 'I';
    try {
      return (await this.client.query({ name, text, values })) as PgResult;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !RETRY_CODES.has(code)) throw error;
      this.#names.delete(text);
      this.#generation++;
      if (!outsideTransaction) throw error;
      return (await this.client.query(text, values)) as PgResult;
    }
  }

  release(destroy?: boolean) {
    this.client.release(destroy);
  }
}

/**
 * Wraps a pg Pool for `new PostgresDialect({ pool })`: same connections, named statements. One wrapper per pooled
 * connection, kept while the connection lives (the names it prepared live exactly as long).
 */
export function preparedStatementPool(pool: pg.Pool, options: PreparedPoolOptions = {}): PostgresPool {
  const max = options.maxPerConnection ?? DEFAULT_MAX_PREPARED;
  const wrappers = new WeakMap<pg.PoolClient, PreparedClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = new PreparedClient(client, max);
        wrappers.set(client, wrapper);
      }
      return wrapper as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}
