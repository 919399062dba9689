import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/database.js';
import type { DbHandle } from './client.js';
import { fixedQuery } from './fixed-query.js';
import { REGION_IDS } from './migrations/0002_reference_institutions.js';

let handle: DbHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe('fixedQuery', () => {
  it('builds the statement once and fills each call’s values into their places', async () => {
    let builds = 0;
    const regions = fixedQuery((db, v: { ids: number[]; kind: 'region' }) => {
      builds++;
      return (
        db
          .selectFrom('institutions as i')
          .where(({ eb, fn, val }) => eb('i.id', '=', fn.any(val(v.ids))))
          .where('i.kind', '=', v.kind)
          // A constant Kysely makes a parameter of itself stays in its place.
          .where('i.nameRu', '<>', '')
          .where('i.closedAt', 'is', null)
          .select(['i.id', 'i.parentId', 'i.closedAt'])
          .orderBy('i.id')
      );
    });
    const [a, b] = [REGION_IDS[0]!, REGION_IDS[1]!];
    const one = await regions(handle.db, { ids: [a], kind: 'region' });
    const two = await regions(handle.db, { ids: [b, a], kind: 'region' });
    const none = await regions(handle.db, { ids: [], kind: 'region' });
    expect(builds).toBe(1);
    // Column names come back camel-cased, as from any other query (the database's plugins still apply).
    expect(one).toEqual([{ id: a, parentId: expect.any(Number), closedAt: null }]);
    expect(two.map((r) => r.id)).toEqual([a, b].sort((x, y) => x - y));
    expect(none).toEqual([]);
  });

  it('gives the same rows as the query built the usual way', async () => {
    const build = (db: DbHandle['db'], v: { from: number }) =>
      db.selectFrom('institutions').where('id', '>=', v.from).select(['id', 'nameKk', 'ancestors']).orderBy('id');
    const fixed = fixedQuery(build);
    const from = REGION_IDS[0]!;
    expect(await fixed(handle.db, { from })).toEqual(await build(handle.db, { from }).execute());
  });

  it('takes a raw sql statement too: built once, values in their places, rows as the statement names them', async () => {
    let builds = 0;
    const count = fixedQuery((_db, v: { kind: string; ids: number[] }) => {
      builds++;
      return sql<{ n: number; kind: string }>`select count(*)::int as n, ${v.kind}::text as kind
        from institutions where kind = ${v.kind} and id = any(${v.ids}::bigint[])`;
    });
    const [a, b] = [REGION_IDS[0]!, REGION_IDS[1]!];
    expect(await count(handle.db, { kind: 'region', ids: [a, b] })).toEqual([{ n: 2, kind: 'region' }]);
    expect(await count(handle.db, { kind: 'school', ids: [a] })).toEqual([{ n: 0, kind: 'school' }]);
    expect(builds).toBe(1);
  });
});
