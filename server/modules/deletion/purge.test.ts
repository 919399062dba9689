import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { DAY_MS } from '../../lib/clock.js';
import { createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { auditText, makeIin } from '../persons/persons.fixtures.js';
import { endLapsedAccess } from './deletion.jobs.js';
import { purgeDeletedProfiles, purgeDueAt } from './purge.js';
import { PERSON_COLUMNS } from './purge.repository.js';

let t: TestApp;
let a: Tenant;
let admin: Client;
const T0 = new Date('2026-10-01T04:00:00Z');

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
});
afterAll(() => t.close());

const db = () => t.deps.db;
const at = (iso: string) => t.clock.set(new Date(iso));

/** A student with everything personal filled in and a trail: an edit by the admin, a session, secrets, mail. */
async function richStudent(surname: string, firstName = 'Әйгерім', patronymic = 'Серікқызы') {
  const birthDate = '2012-05-04';
  const iin = makeIin(birthDate, 'female');
  const s = await createPerson(db(), t.deps.hasher, {
    institutionId: a.school.id,
    profile: 'student',
    surname: `${surname}ова`,
    firstName,
    birthDate,
    iin,
  });
  const email = `pupil${s.personId}@mail.example`;
  const phone = `+7 701 ${String(s.personId).padStart(7, '0')}`;
  // A correction by the administrator: old and new names land in the audit payload.
  const patch = await admin.patch(`/api/v1/persons/${s.personId}`, {
    surname,
    patronymic,
    email,
    phone,
  });
  expect(patch.statusCode).toBe(200);
  await signIn(t.app, s.username, s.password); // audited sign-in with ip and user agent, and a session
  await db().insertInto('passwordHistory').values({ personId: s.personId, passwordHash: 'old-hash' }).execute();
  await db()
    .insertInto('accountTokens')
    .values({ personId: s.personId, purpose: 'recovery', tokenHash: `h${s.personId}`, expiresAt: T0 })
    .execute();
  await db()
    .insertInto('mailOutbox')
    .values({ personId: s.personId, toAddress: email, subject: `Hello ${surname}`, textBody: surname })
    .execute();
  // A secret calendar feed (issue 4): revoked by the deletion at once, deleted by the purge.
  await db()
    .insertInto('calendarFeeds')
    .values({ personId: s.personId, tokenHash: `feed${s.personId}` })
    .execute();
  // An import row that became this person (issue 4): it quotes the file's data about them, so it goes too.
  const job = await db()
    .insertInto('importJobs')
    .values({
      schoolId: a.school.id,
      createdByPersonId: a.people.schoolAdmin.personId,
      kind: 'people',
      fileName: 'x.csv',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('importRows')
    .values({
      schoolId: a.school.id,
      jobId: job.id,
      rowNumber: 2,
      data: JSON.stringify({ cells: [surname] }),
      outcome: 'new',
      matchedPersonId: s.personId,
    })
    .execute();
  return { ...s, surname, firstName, patronymic, email, phone, iin };
}

async function deleteNow(s: TestPerson) {
  const res = await admin.post(`/api/v1/persons/${s.personId}/delete`, { reason: 'no_longer_needed' });
  expect(res.statusCode).toBe(200);
}

const personRow = (id: number) => db().selectFrom('persons').where('id', '=', id).selectAll().executeTakeFirstOrThrow();
const count = async (
  table: 'sessions' | 'passwordHistory' | 'accountTokens' | 'mailOutbox' | 'calendarFeeds',
  personId: number,
) => (await db().selectFrom(table).where('personId', '=', personId).select('personId').execute()).length;

/** Everything the purge may touch for these persons, to prove a second run changes nothing. */
async function snapshot(ids: number[]) {
  return JSON.stringify({
    persons: await db().selectFrom('persons').where('id', 'in', ids).selectAll().orderBy('id').execute(),
    accounts: await db().selectFrom('accounts').where('personId', 'in', ids).selectAll().orderBy('personId').execute(),
    memberships: await db().selectFrom('memberships').where('personId', 'in', ids).selectAll().orderBy('id').execute(),
    audit: await db().selectFrom('auditEvents').where('subjectId', 'in', ids).selectAll().orderBy('id').execute(),
  });
}

describe('purgeDueAt', () => {
  it('adds calendar months, keeping the time and clamping to the end of a short month', () => {
    expect(purgeDueAt(T0, 3).toISOString()).toBe('2027-01-01T04:00:00.000Z');
    expect(purgeDueAt(new Date('2026-11-30T10:00:00Z'), 3).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(purgeDueAt(new Date('2027-11-30T10:00:00Z'), 3).toISOString()).toBe('2028-02-29T10:00:00.000Z');
  });
});

describe('the purge of deleted profiles', () => {
  it('waits PURGE_AFTER_MONTHS, then anonymises for good and keeps the history consistent', async () => {
    at(T0.toISOString());
    const s = await richStudent('Өшірілетін');
    const keeper = await richStudent('Қалатын', 'Дана', 'Болатқызы'); // not deleted: must stay untouched
    await deleteNow(s);
    // Deleting the profile revokes the calendar feed at once; the row goes with the purge.
    const feed = await db()
      .selectFrom('calendarFeeds')
      .where('personId', '=', s.personId)
      .select('revokedAt')
      .execute();
    expect(feed.map((f) => f.revokedAt !== null)).toEqual([true]);
    const guardianship = await db()
      .insertInto('guardianships')
      .values({
        institutionId: a.school.id,
        parentPersonId: a.people.parent.personId,
        childPersonId: s.personId,
        relation: 'father',
      })
      .returning('childPersonId')
      .execute();
    expect(guardianship).toHaveLength(1);

    // 2 months 29 days later: too early.
    at('2026-12-30T04:00:00Z');
    expect(await purgeDeletedProfiles(t.deps)).toEqual({ purged: 0, skipped: false });
    expect((await personRow(s.personId)).surname).toBe('Өшірілетін');
    at('2027-01-01T03:59:59Z');
    expect((await purgeDeletedProfiles(t.deps)).purged).toBe(0);

    // Exactly three months later: due.
    at('2027-01-01T04:00:00Z');
    const before = await auditText(db());
    expect(before).toContain('Өшірілетін');
    expect(await purgeDeletedProfiles(t.deps)).toEqual({ purged: 1, skipped: false });

    expect(await personRow(s.personId)).toMatchObject({
      surname: '—',
      firstName: `#${s.personId}`,
      patronymic: null,
      iin: null,
      email: null,
      phone: null,
      birthDate: '2012-01-01',
      deletionReason: 'no_longer_needed',
    });
    expect((await personRow(s.personId)).purgedAt?.toISOString()).toBe('2027-01-01T04:00:00.000Z');
    const account = await db()
      .selectFrom('accounts')
      .where('personId', '=', s.personId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      username: `deleted-${s.personId}`,
      passwordHash: null,
      status: 'disabled',
      lastSignInAt: null,
    });
    for (const table of ['sessions', 'passwordHistory', 'accountTokens', 'mailOutbox', 'calendarFeeds'] as const) {
      expect([table, await count(table, s.personId)]).toEqual([table, 0]);
      expect([table, await count(table, keeper.personId)]).not.toEqual([table, 0]);
    }
    const importRows = (personId: number) =>
      db().selectFrom('importRows').where('matchedPersonId', '=', personId).select('rowNumber').execute();
    expect(await importRows(s.personId)).toEqual([]);
    expect(await importRows(keeper.personId)).toHaveLength(1);

    // The journal history stays under the anonymous person.
    const memberships = await db().selectFrom('memberships').where('personId', '=', s.personId).selectAll().execute();
    expect(memberships).toMatchObject([{ id: s.membershipId, endReason: 'profile_deleted' }]);
    const links = await db().selectFrom('guardianships').where('childPersonId', '=', s.personId).execute();
    expect(links).toHaveLength(1);

    // The audit log keeps every event but no personal data of the purged person any more.
    const after = await auditText(db());
    for (const secret of [
      s.surname,
      `${s.surname}ова`,
      s.firstName,
      s.patronymic,
      s.email,
      s.phone,
      s.iin,
      s.username,
    ]) {
      expect([secret, after.includes(secret)]).toEqual([secret, false]);
    }
    expect(after).toContain('Қалатын'); // the other student's data is untouched
    const events = await db()
      .selectFrom('auditEvents')
      .where('subjectId', '=', s.personId)
      .select(['action', 'after', 'ip'])
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'person.updated',
        'auth.signedIn',
        'membership.ended',
        'person.deleted',
        'person.purged',
      ]),
    );
    expect(events.find((e) => e.action === 'person.updated')?.after).toEqual({ redacted: true });
    expect(events.find((e) => e.action === 'membership.ended')?.after).toMatchObject({ endReason: 'profile_deleted' });
    expect(events.find((e) => e.action === 'person.purged')?.after).toEqual({ afterMonths: 3 });
    const own = await db()
      .selectFrom('auditEvents')
      .where('actorPersonId', '=', s.personId)
      .select(['ip', 'userAgent'])
      .execute();
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((e) => e.ip === null && e.userAgent === null)).toBe(true);

    // Running again changes nothing.
    const once = await snapshot([s.personId, keeper.personId]);
    t.clock.advance(30 * DAY_MS);
    expect(await purgeDeletedProfiles(t.deps)).toEqual({ purged: 0, skipped: false });
    expect(await snapshot([s.personId, keeper.personId])).toEqual(once);
  });

  it('purges on its own after a restart: a new app on the same database runs the job at start', async () => {
    at(T0.toISOString());
    const s = await richStudent('Қайтаіске');
    await deleteNow(s);
    const persistedTimers = await db().selectFrom('persons').where('deletedAt', 'is not', null).select('id').execute();
    expect(persistedTimers.map((r) => r.id)).toContain(s.personId);

    // The first process stops before the due day; nothing of the schedule lives in memory.
    await t.app.close();
    at('2027-02-01T00:00:00Z');
    const restarted = await buildApp(t.deps, { jobs: true });
    try {
      await restarted.ready();
      await restarted.scheduler?.idle();
      expect((await personRow(s.personId)).purgedAt).not.toBeNull();
    } finally {
      await restarted.close();
    }
    // The harness closes t.app again at the end; build a fresh one in its place for the remaining tests.
    t.app = await buildApp(t.deps);
    admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  });

  it('is safe when two runs race: each person is purged once', async () => {
    at(T0.toISOString());
    const people = [await richStudent('Жарыс'), await richStudent('Жарысбай'), await richStudent('Жарысова')];
    for (const p of people) await deleteNow(p);
    at('2027-03-01T00:00:00Z');
    const results = await Promise.all([purgeDeletedProfiles(t.deps), purgeDeletedProfiles(t.deps)]);
    expect(results.reduce((n, r) => n + r.purged, 0)).toBe(3);
    const purgedEvents = await db()
      .selectFrom('auditEvents')
      .where('action', '=', 'person.purged')
      .where(
        'subjectId',
        'in',
        people.map((p) => p.personId),
      )
      .select('subjectId')
      .execute();
    expect(purgedEvents).toHaveLength(3);
  });

  it('stands back while another process holds the purge lock', async () => {
    at(T0.toISOString());
    const s = await richStudent('Күтеді');
    await deleteNow(s);
    at('2027-03-01T00:00:00Z');
    // Hold the lock in a transaction of "another process" while this one runs the job. On PGlite (one
    // connection) a second transaction cannot run meanwhile, so the check is made inside the holder's.
    if (t.handle.kind === 'pg') {
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => {
        locked = r;
      });
      const holder = db()
        .transaction()
        .execute(async (trx) => {
          await sql`select pg_advisory_xact_lock(4470706517)`.execute(trx);
          locked();
          await held;
        });
      await isLocked;
      expect(await purgeDeletedProfiles(t.deps)).toEqual({ purged: 0, skipped: true });
      release();
      await holder;
    } else {
      const { rows } = await sql<{ first: boolean; again: boolean }>`
        select pg_try_advisory_xact_lock(4470706517) as first, pg_try_advisory_xact_lock(4470706517) as again`.execute(
        db(),
      );
      expect(rows[0]).toEqual({ first: true, again: true }); // re-entrant within one transaction, released at its end
    }
    expect((await purgeDeletedProfiles(t.deps)).purged).toBeGreaterThanOrEqual(1);
    expect((await personRow(s.personId)).purgedAt).not.toBeNull();
  });

  it('keeps the audit log append-only for everything but a redaction inside the purge', async () => {
    const row = await db()
      .selectFrom('auditEvents')
      .select(['institutionId', 'id'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const where = sql`institution_id = ${row.institutionId} and id = ${row.id}`;
    const refused = async (statement: ReturnType<typeof sql>) => {
      const error = await db()
        .transaction()
        .execute(async (trx) => {
          await sql`select set_config('dapter.audit_redaction', 'on', true)`.execute(trx);
          await statement.execute(trx);
        })
        .then(
          () => null,
          (e: Error) => e.message,
        );
      return error;
    };
    expect(await refused(sql`delete from audit_events where ${where}`)).toMatch(/append-only/);
    expect(await refused(sql`update audit_events set action = 'x' where ${where}`)).toMatch(/append-only/);
    expect(await refused(sql`update audit_events set after = '{"added": 1}' where ${where}`)).toMatch(/append-only/);
    expect(await refused(sql`update audit_events set ip = '10.0.0.1' where ${where}`)).toMatch(/append-only/);
    // Without the setting not even a redaction passes.
    const plain = await sql`update audit_events set ip = null where ${where}`.execute(db()).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(plain).toMatch(/append-only/);
  });

  it('decides for every column that refers to a person (a new table cannot be forgotten)', async () => {
    const { rows } = await sql<{ ref: string }>`
      select c.table_name || '.' || c.column_name as ref
        from information_schema.columns c
        join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
       where c.table_schema = current_schema() and tb.table_type = 'BASE TABLE'
         and (c.column_name like '%person_id' or c.column_name like '%\\_by' or c.column_name = 'subject_id'
              or (c.table_name = 'persons' and c.column_name = 'id'))
         and c.table_name not like 'kysely%'
         -- a partition (marks_y2026…) has its parent's columns and decisions
         and c.table_name not in (select i.inhrelid::regclass::text from pg_inherits i)`.execute(db());
    const inDatabase = rows.map((r) => r.ref).sort();
    expect(inDatabase.filter((ref) => !(ref in PERSON_COLUMNS))).toEqual([]);
    expect(Object.keys(PERSON_COLUMNS).filter((ref) => !inDatabase.includes(ref))).toEqual([]);
  });
});

describe('the end of lapsed sessions', () => {
  it('ends, once, the sessions of a membership whose later end date has come', async () => {
    at(T0.toISOString());
    const p = await createPerson(db(), t.deps.hasher, { institutionId: a.school.id, profile: 'school_employee' });
    const session = await signIn(t.app, p.username, p.password);
    const res = await admin.post(`/api/v1/memberships/${p.membershipId}/end`, {
      reason: 'end_of_civil_service',
      endsOn: '2026-10-03',
    });
    expect([res.statusCode, res.json().memberships[0].endReason]).toEqual([200, 'end_of_civil_service']);
    expect(await endLapsedAccess(t.deps)).toEqual({ sessionsEnded: 0 });
    expect((await session.get('/api/v1/me')).statusCode).toBe(200);

    at('2026-10-02T19:00:00Z'); // 3 October 00:00 in Kazakhstan
    expect((await endLapsedAccess(t.deps)).sessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await session.get('/api/v1/me')).statusCode).toBe(401);
    const audited = await db()
      .selectFrom('auditEvents')
      .where('action', '=', 'membership.sessionsEnded')
      .where('subjectId', '=', p.personId)
      .select(['institutionId', 'after'])
      .execute();
    expect(audited).toEqual([
      { institutionId: a.school.id, after: { membershipId: p.membershipId, sessionsEnded: 1 } },
    ]);
    expect((await endLapsedAccess(t.deps)).sessionsEnded).toBe(0);
  });
});
