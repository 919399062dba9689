import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { preparedStatementPool, statementName } from './prepared-pool.js';

/**
 * Named prepared statements exist only on PostgreSQL (DAPTER_TEST_DB=pg); PGlite has its own driver. The tests use
 * one connection (pool of 1) of the server's default database: pg_prepared_statements is per connection, and the
 * statements need no tables (temporary ones where they do).
 */
const onPg = process.env.DAPTER_TEST_DB === 'pg' && !!process.env.DATABASE_URL;

describe.skipIf(!onPg)('named prepared statements (PostgreSQL)', () => {
  let db: Kysely<unknown> | undefined;
  const open = (maxPerConnection?: number) => {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    db = new Kysely<unknown>({
      dialect: new PostgresDialect({ pool: preparedStatementPool(pool, { maxPerConnection }) }),
    });
    return db;
  };
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
  });
  const prepared = async (k: Kysely<unknown>) =>
    (
      await sql<{ name: string; statement: string; genericPlans: string; customPlans: string }>`
        select name, statement, generic_plans as "genericPlans", custom_plans as "customPlans"
        from pg_prepared_statements order by name`.execute(k)
    ).rows;

  it('prepares a parameterised statement once per connection under the hash of its text, then plans it generically', async () => {
    const k = open();
    const text = 'select $1::int + 1 as n';
    for (let i = 0; i < 8; i++) {
      const { rows } = await k.executeQuery<{ n: number }>(CompiledQuery.raw(text, [i]));
      expect(rows).toEqual([{ n: i + 1 }]);
    }
    const statements = await prepared(k);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ name: statementName(text), statement: text });
    // PostgreSQL tries 5 custom plans, then keeps the generic one: planning is no longer paid per execution.
    expect(Number(statements[0]!.customPlans)).toBe(5);
    expect(Number(statements[0]!.genericPlans)).toBe(3);
  });

  it('leaves text without parameters unnamed (several statements in one text still work)', async () => {
    const k = open();
    await k.executeQuery(CompiledQuery.raw('select 1; select 2'));
    await sql`select 1 as one`.execute(k);
    expect(await prepared(k)).toEqual([]);
  });

  it('names at most maxPerConnection statements per connection; the rest run unnamed', async () => {
    const k = open(3);
    for (let i = 0; i < 6; i++) {
      const { rows } = await k.executeQuery<{ n: number }>(CompiledQuery.raw(`select $1::int + ${i} as n`, [10]));
      expect(rows).toEqual([{ n: 10 + i }]);
    }
    const names = (await prepared(k)).map((s) => s.statement);
    expect(names).toEqual(
      ['select $1::int + 0 as n', 'select $1::int + 1 as n', 'select $1::int + 2 as n']
        .map((t) => ({ t, n: statementName(t) }))
        .sort((a, b) => a.n.localeCompare(b.n))
        .map((x) => x.t),
    );
  });

  it('survives DDL that changes a prepared statement’s result columns: retried unnamed, then prepared afresh', async () => {
    const k = open();
    await k.executeQuery(CompiledQuery.raw('create temporary table t (a int); insert into t values (1), (2)'));
    const select = CompiledQuery.raw('select * from t where a = $1', [2]);
    expect((await k.executeQuery(select)).rows).toEqual([{ a: 2 }]);
    await k.executeQuery(CompiledQuery.raw('alter table t add column b int default 7'));
    // PostgreSQL refuses the old statement (0A000 "cached plan must not change result type"); the caller never sees it.
    expect((await k.executeQuery(select)).rows).toEqual([{ a: 2, b: 7 }]);
    expect((await k.executeQuery(select)).rows).toEqual([{ a: 2, b: 7 }]);
    const names = (await prepared(k)).map((s) => s.name).sort();
    expect(names).toEqual([statementName(select.sql), `${statementName(select.sql)}_1`].sort());
  });

  it('survives statements deallocated behind the driver’s back (26000)', async () => {
    const k = open();
    const select = CompiledQuery.raw('select $1::text as s', ['x']);
    await k.executeQuery(select);
    await k.executeQuery(CompiledQuery.raw('deallocate all'));
    expect((await k.executeQuery(select)).rows).toEqual([{ s: 'x' }]);
    expect((await k.executeQuery(select)).rows).toEqual([{ s: 'x' }]);
    expect((await prepared(k)).map((s) => s.name)).toEqual([`${statementName(select.sql)}_1`]);
  });

  it('inside a transaction the invalidation error stands (the transaction is aborted); the next use works', async () => {
    const k = open();
    await k.executeQuery(CompiledQuery.raw('create temporary table u (a int); insert into u values (1)'));
    const select = CompiledQuery.raw('select * from u where a = $1', [1]);
    await k.executeQuery(select);
    await k.executeQuery(CompiledQuery.raw('alter table u add column b int'));
    await expect(k.transaction().execute((trx) => trx.executeQuery(select))).rejects.toMatchObject({ code: '0A000' });
    expect((await k.executeQuery(select)).rows).toEqual([{ a: 1, b: null }]);
  });
});
