import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { settleMail } from '../lib/mail.js';
import { createTenant } from '../test/factories.js';
import { createTestApp, signIn } from '../test/harness.js';

describe('shutdown drains requests in flight', () => {
  it('app.close() waits for a request still being handled, which answers; the database closes after it', async () => {
    const t = await createTestApp();
    const { people } = await createTenant(t.deps.db, t.deps.hasher);
    const teacher = await signIn(t.app, people.teacher.username, people.teacher.password);

    // Hold the sessions table: the request stops in its session lookup (PGlite: behind the one connection).
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    const holder = t.deps.db.transaction().execute(async (trx) => {
      await sql`lock table sessions in access exclusive mode`.execute(trx);
      locked();
      await gate;
    });
    await isLocked;
    const answer = teacher.get('/api/v1/me');
    await sleep(100);

    let closed = false;
    const closing = t.app.close().then(() => {
      closed = true;
    });
    await sleep(300);
    expect(closed).toBe(false);

    release();
    await holder;
    const res = await answer;
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ personId: people.teacher.personId });
    await closing;
    expect(closed).toBe(true);
    // What main.ts does next: the database closes with nothing left using it.
    await settleMail(t.deps.mailer);
    await t.handle.close();
  });
});
