import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { type MemoryMailer, settleMail } from '../../lib/mail.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { createInstitution, createPerson, createTenant, linkGuardian, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { makeIin, writeCounts } from '../persons/persons.fixtures.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[3]);
  admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
});
afterAll(() => t.close());

const db = () => t.deps.db;
const student = (surname?: string) =>
  createPerson(db(), t.deps.hasher, { institutionId: a.school.id, profile: 'student', surname });

const events = (personId: number, action: string) =>
  db()
    .selectFrom('auditEvents')
    .where('subjectType', '=', 'person')
    .where('subjectId', '=', personId)
    .where('action', '=', action)
    .selectAll()
    .orderBy('id')
    .execute();

const signInStatus = async (username: string, password: string) =>
  (await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } })).statusCode;

describe('an administrator deletes a profile', () => {
  it('disables it at once in one go: sessions, memberships, sign-in, visibility; audited at each institution', async () => {
    const s = await student('Жойылатын');
    await linkGuardian(db(), a.school.id, a.people.parent.personId, s.personId);
    const parent = await signIn(t.app, a.people.parent.username, a.people.parent.password);
    expect((await parent.get(`/api/v1/persons/${s.personId}`)).statusCode).toBe(200);
    const own = await signIn(t.app, s.username, s.password);
    const second = await signIn(t.app, s.username, s.password);

    const res = await admin.post(`/api/v1/persons/${s.personId}/delete`, { reason: 'no_longer_needed' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      personId: s.personId,
      deletedAt: '2026-10-01T04:00:00.000Z',
      purgeAfter: '2027-01-01T04:00:00.000Z',
      membershipsEnded: 1,
      sessionsEnded: 2,
    });

    expect((await own.get('/api/v1/me')).statusCode).toBe(401);
    expect((await second.get('/api/v1/me')).statusCode).toBe(401);
    expect(await signInStatus(s.username, s.password)).toBe(401);
    expect((await admin.get(`/api/v1/persons/${s.personId}`)).statusCode).toBe(404);
    expect((await parent.get(`/api/v1/persons/${s.personId}`)).statusCode).toBe(404);
    const listed = (await admin.get('/api/v1/persons?q=Жойылатын&includeEnded=true')).json();
    expect(listed.items).toEqual([]);

    const person = await db().selectFrom('persons').where('id', '=', s.personId).selectAll().executeTakeFirstOrThrow();
    expect(person).toMatchObject({ deletionReason: 'no_longer_needed', purgedAt: null, surname: 'Жойылатын' });
    expect(person.deletedAt?.toISOString()).toBe('2026-10-01T04:00:00.000Z');
    const account = await db().selectFrom('accounts').where('personId', '=', s.personId).selectAll().executeTakeFirst();
    expect(account?.status).toBe('disabled');
    const memberships = await db().selectFrom('memberships').where('personId', '=', s.personId).selectAll().execute();
    expect(memberships).toMatchObject([{ id: s.membershipId, endsOn: '2026-10-01', endReason: 'profile_deleted' }]);
    const live = await db()
      .selectFrom('sessions')
      .where('personId', '=', s.personId)
      .where('endedAt', 'is', null)
      .select('id')
      .execute();
    expect(live).toEqual([]);

    expect(await events(s.personId, 'person.deleted')).toMatchObject([
      {
        institutionId: a.school.id,
        actorPersonId: a.people.schoolAdmin.personId,
        after: { reason: 'no_longer_needed', byOwnRequest: false, membershipsEnded: 1 },
      },
    ]);
    expect(await events(s.personId, 'membership.ended')).toMatchObject([
      {
        institutionId: a.school.id,
        before: { membershipId: s.membershipId, endsOn: null, endReason: null },
        after: { membershipId: s.membershipId, endsOn: '2026-10-01', endReason: 'profile_deleted' },
      },
    ]);
    // The link stays (history); nobody sees it any more.
    const links = await db().selectFrom('guardianships').where('childPersonId', '=', s.personId).selectAll().execute();
    expect(links).toHaveLength(1);
    expect((await parent.get('/api/v1/me/children')).json().items).not.toContainEqual(
      expect.objectContaining({ personId: s.personId }),
    );

    const again = await admin.post(`/api/v1/persons/${s.personId}/delete`, { reason: 'other' });
    expect(again.statusCode).toBe(404);
  });

  it('ends a future membership too, recording the earlier planned end', async () => {
    const s = await student();
    await db()
      .updateTable('memberships')
      .set({ endsOn: '2026-12-01', endReason: 'transfer' })
      .where('id', '=', s.membershipId)
      .execute();
    const later = await db()
      .insertInto('memberships')
      .values({ institutionId: a.school.id, personId: s.personId, profile: 'parent', startsOn: '2026-11-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await admin.post(`/api/v1/persons/${s.personId}/delete`, { reason: 'created_by_mistake' });
    expect(res.json().membershipsEnded).toBe(2);
    const rows = await db()
      .selectFrom('memberships')
      .where('personId', '=', s.personId)
      .select(['id', 'startsOn', 'endsOn', 'endReason'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: s.membershipId, startsOn: '2020-09-01', endsOn: '2026-10-01', endReason: 'profile_deleted' },
      { id: later.id, startsOn: '2026-11-01', endsOn: '2026-11-01', endReason: 'profile_deleted' },
    ]);
    const ended = await events(s.personId, 'membership.ended');
    expect(ended.map((e) => e.before)).toEqual([
      { membershipId: s.membershipId, endsOn: '2026-12-01', endReason: 'transfer' },
      { membershipId: later.id, endsOn: null, endReason: null },
    ]);
  });

  it('refuses those who may not: 403 inside the scope, 404 outside, 403 with a reason for partial authority', async () => {
    const s = await student();
    const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    const parent = await signIn(t.app, a.people.parent.username, a.people.parent.password);
    await linkGuardian(db(), a.school.id, a.people.parent.personId, s.personId);
    const foreign = await signIn(t.app, b.people.schoolAdmin.username, b.people.schoolAdmin.password);
    const foreignDistrict = await signIn(t.app, b.people.districtAdmin.username, b.people.districtAdmin.password);

    // A district employee who is also a parent at the school: the school administrator cannot delete them.
    const official = await createPerson(db(), t.deps.hasher, {
      institutionId: a.district.id,
      profile: 'district_employee',
    });
    await db()
      .insertInto('memberships')
      .values({ institutionId: a.school.id, personId: official.personId, profile: 'parent', startsOn: '2025-09-01' })
      .execute();

    const before = await writeCounts(db());
    const cases: Array<[Client, number, number, string]> = [
      [teacher, s.personId, 403, 'forbidden'],
      [parent, s.personId, 403, 'forbidden'],
      [foreign, s.personId, 404, 'notFound'],
      [foreignDistrict, s.personId, 404, 'notFound'],
      [admin, b.people.student.personId, 404, 'notFound'],
      [admin, official.personId, 403, 'deletion.otherInstitutions'],
      [admin, 987_654_321, 404, 'notFound'],
    ];
    for (const [client, id, status, code] of cases) {
      const res = await client.post(`/api/v1/persons/${id}/delete`, { reason: 'other' });
      expect([id, res.statusCode, res.json().code]).toEqual([id, status, code]);
    }
    expect(await writeCounts(db())).toEqual(before);
    const deleted = await db()
      .selectFrom('persons')
      .where('id', 'in', [s.personId, official.personId, b.people.student.personId])
      .where('deletedAt', 'is not', null)
      .select('id')
      .execute();
    expect(deleted).toEqual([]);

    // The district administrator manages both of the official's institutions.
    const district = await signIn(t.app, a.people.districtAdmin.username, a.people.districtAdmin.password);
    const ok = await district.post(`/api/v1/persons/${official.personId}/delete`, { reason: 'other' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().membershipsEnded).toBe(2);
    const audited = await events(official.personId, 'person.deleted');
    expect(audited.map((e) => e.institutionId).sort()).toEqual([a.district.id, a.school.id].sort());
  });

  it('lets a former member be deleted by the last institution that had them', async () => {
    const s = await student();
    await admin.post(`/api/v1/memberships/${s.membershipId}/end`, { reason: 'end_of_study', endsOn: '2026-06-01' });
    const res = await admin.post(`/api/v1/persons/${s.personId}/delete`, { reason: 'no_longer_needed' });
    expect([res.statusCode, res.json().membershipsEnded]).toEqual([200, 0]);
  });

  it('gives the IIN back at once: the same child can be enrolled anew before the purge', async () => {
    const iin = makeIin('2013-04-05', 'male');
    const body = {
      surname: 'Қайтадан',
      firstName: 'Нұрлан',
      birthDate: '2013-04-05',
      gender: 'male',
      iin,
      membership: { institutionId: a.school.id, profile: 'student' },
    };
    const first = await admin.post('/api/v1/persons', body);
    expect(first.statusCode).toBe(201);
    expect((await admin.post('/api/v1/persons', body)).json().code).toBe('person.iinTaken');
    await admin.post(`/api/v1/persons/${first.json().person.id}/delete`, { reason: 'created_by_mistake' });
    const again = await admin.post('/api/v1/persons', body);
    expect(again.statusCode).toBe(201);
    expect(again.json().person.id).not.toBe(first.json().person.id);
  });

  it('answers malformed requests with 400 and changes nothing', async () => {
    const s = await student();
    const before = await writeCounts(db());
    for (const body of [{}, { reason: 'profile_deleted' }, { reason: 'nope' }, { reason: 42 }, []]) {
      const res = await admin.post(`/api/v1/persons/${s.personId}/delete`, body);
      expect(res.statusCode).toBe(400);
    }
    for (const id of ['abc', '0', '-1']) {
      expect((await admin.post(`/api/v1/persons/${id}/delete`, { reason: 'other' })).statusCode).toBe(400);
    }
    const noCsrf = await admin.request(
      'POST',
      `/api/v1/persons/${s.personId}/delete`,
      { reason: 'other' },
      { 'x-csrf-token': 'x' },
    );
    expect(noCsrf.statusCode).toBe(403);
    expect(await writeCounts(db())).toEqual(before);
  });
});

describe('a person deletes their own profile', () => {
  it('needs the current password; then it is gone at once and the administrators are told', async () => {
    const adminEmail = `admin-${Date.now()}@school.example`;
    await db()
      .updateTable('persons')
      .set({ email: adminEmail })
      .where('id', '=', a.people.schoolAdmin.personId)
      .execute();
    const secondSchool = await createInstitution(db(), a.district.id, 'school');
    const s = await student('Кетемін');
    await db()
      .insertInto('memberships')
      .values({ institutionId: secondSchool.id, personId: s.personId, profile: 'student', startsOn: '2025-09-01' })
      .execute();
    const me = await signIn(t.app, s.username, s.password);
    const other = await signIn(t.app, s.username, s.password);

    const before = await writeCounts(db());
    const wrong = await me.post('/api/v1/me/deletion-request', { password: 'not my password' });
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'deletion.wrongPassword']);
    expect((await me.post('/api/v1/me/deletion-request', {})).statusCode).toBe(400);
    expect(await writeCounts(db())).toEqual(before);
    expect((await me.get('/api/v1/me')).statusCode).toBe(200);

    const res = await me.post('/api/v1/me/deletion-request', { password: s.password });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ personId: s.personId, membershipsEnded: 2, sessionsEnded: 2 });
    const cleared = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cleared?.value).toBe('');

    expect((await me.get('/api/v1/me')).statusCode).toBe(401);
    expect((await other.get('/api/v1/me')).statusCode).toBe(401);
    expect(await signInStatus(s.username, s.password)).toBe(401);
    const audited = await events(s.personId, 'person.deleted');
    expect(audited.map((e) => [e.institutionId, e.actorPersonId, e.after])).toEqual(
      [a.school.id, secondSchool.id]
        .sort((x, y) => x - y)
        .map((id) => [
          id,
          s.personId,
          { reason: 'own_request', byOwnRequest: true, purgeAfter: '2027-01-01T04:00:00.000Z', membershipsEnded: 1 },
        ]),
    );

    await settleMail(t.deps.mailer);
    const mail = (t.deps.mailer as MemoryMailer).sent.filter((m) => m.to === adminEmail);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.personId).toBe(a.people.schoolAdmin.personId);
    expect(mail[0]!.text).toContain('2027-01-01');
    // Mailboxes are beyond the purge: the message does not name the person.
    expect(`${mail[0]!.subject} ${mail[0]!.text}`).not.toContain('Кетемін');
  });

  it('is possible with steps still pending (a new, unregistered account)', async () => {
    const created = await admin.post('/api/v1/persons', {
      surname: 'Жаңа',
      firstName: 'Оқушы',
      birthDate: '2013-02-03',
      gender: 'female',
      iin: makeIin('2013-02-03', 'female'),
      membership: { institutionId: a.school.id, profile: 'student' },
    });
    expect(created.statusCode).toBe(201);
    const { username, temporaryPassword } = created.json().credentials;
    const fresh = await signIn(t.app, username, temporaryPassword);
    expect((await fresh.get('/api/v1/me')).json().requiredActions.length).toBeGreaterThan(0);
    const res = await fresh.post('/api/v1/me/deletion-request', { password: temporaryPassword });
    expect(res.statusCode).toBe(200);
    expect(await signInStatus(username, temporaryPassword)).toBe(401);
  });
});
