import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DbHandle } from '../../db/client.js';
import { openTestDatabase } from '../../test/database.js';
import { NotificationBus } from './bus.js';

/**
 * The bus across processes (WORKERS=N) on PostgreSQL: two buses on one database stand for two processes — what
 * one publishes after its delivery job reaches the other's subscribers through LISTEN/NOTIFY, and nobody hears
 * it twice. On PGlite (one process) the in-process path is what stream.test.ts covers.
 */
const onPg = inject('dbKind') === 'pg';
let handle: DbHandle;
let url: string;

beforeAll(async () => {
  if (!onPg) return;
  handle = await openTestDatabase();
  const { rows } = await sql<{ db: string }>`select current_database() as db`.execute(handle.db);
  const target = new URL(process.env.DATABASE_URL!);
  target.pathname = `/${rows[0]!.db}`;
  url = target.toString();
});
afterAll(async () => {
  await handle?.close();
});

describe.skipIf(!onPg)('notification bus on PostgreSQL', () => {
  it('carries a publish from one process to another process’s subscriber, once', async () => {
    const a = new NotificationBus(handle.db, url);
    const b = new NotificationBus(handle.db, url);
    try {
      const heardA: number[] = [];
      const heardB: number[] = [];
      a.subscribe(7, () => heardA.push(7));
      b.subscribe(7, () => heardB.push(7));
      b.subscribe(8, () => heardB.push(8));
      // b's LISTEN connection opens with its first subscriber; give it a moment.
      await new Promise((r) => setTimeout(r, 500));
      const ids = Array.from({ length: 1200 }, (_, i) => 1000 + i);
      await a.publish([7, ...ids]);
      for (let i = 0; i < 40 && heardB.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 200));
      expect(heardA).toEqual([7]); // its own, in process, not again through NOTIFY
      expect(heardB).toEqual([7]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
