import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINISTRY_ID } from '../../db/migrations/0002_reference_institutions.js';
import { createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { csvCell } from './agreements.presenter.js';

let t: TestApp;
let tenant: Tenant;
let otherTenant: Tenant;
let ministryAdmin: TestPerson;
let ministry: Client;

const draft = (label: string) => ({
  label,
  textKk: `Келісім ${label}`,
  textRu: `Соглашение ${label}`,
  textEn: `Agreement ${label}`,
  changesKk: `${label}: өзгерістер`,
  changesRu: `${label}: изменения`,
  changesEn: `${label}: changes`,
});

async function publishNew(label: string) {
  const created = await ministry.post('/api/v1/agreements', draft(label));
  expect(created.statusCode).toBe(201);
  const published = await ministry.post(`/api/v1/agreements/${created.json().id}/publish`);
  expect(published.statusCode).toBe(200);
  return created.json().id as number;
}

/** Accepting is what every signed-in person has to do after a publication, the ministry admin included. */
async function acceptCurrent(client: Client, headers: Record<string, string> = {}) {
  const current = (await t.app.inject({ method: 'GET', url: '/api/v1/agreements/current' })).json();
  return client.request('POST', `/api/v1/agreements/${current.id}/accept`, {}, headers);
}

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.deps.db, t.deps.hasher);
  otherTenant = await createTenant(t.deps.db, t.deps.hasher);
  ministryAdmin = await createPerson(t.deps.db, t.deps.hasher, {
    institutionId: MINISTRY_ID,
    profile: 'ministry_employee',
    isAdmin: true,
  });
  ministry = await signIn(t.app, ministryAdmin.username, ministryAdmin.password);
});
afterAll(() => t.close());

describe('agreement versions', () => {
  it('has no current version before the first publication, and a draft is not current', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/agreements/current' })).statusCode).toBe(404);
    const created = await ministry.post('/api/v1/agreements', draft('0.9'));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ label: '0.9', publishedAt: null, current: false });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/agreements/current' })).statusCode).toBe(404);
    // Nobody has anything to accept yet.
    const teacher = await signIn(t.app, tenant.people.teacher.username, tenant.people.teacher.password);
    expect((await teacher.get('/api/v1/me')).json().requiredActions).toEqual([]);
  });

  it('publish → everyone must accept at their next request → accepting clears it, with IP and browser', async () => {
    const teacher = await signIn(t.app, tenant.people.teacher.username, tenant.people.teacher.password);
    t.clock.advance(60_000);
    const id = await publishNew('1');
    const current = await t.app.inject({ method: 'GET', url: '/api/v1/agreements/current' });
    expect(current.json()).toMatchObject({ id, label: '1', current: true, text: { ru: 'Соглашение 1' } });

    // The session already open sees it at the next request.
    const me = (await teacher.get('/api/v1/me')).json();
    expect(me.requiredActions).toEqual(['acceptAgreement']);
    expect((await teacher.get('/api/v1/persons')).json().code).toBe('actionRequired');
    // The summary of changes comes in the person's language.
    const reading = (await teacher.get('/api/v1/registration')).json().agreement;
    expect(reading).toMatchObject({ id, label: '1', changes: '1: өзгерістер', text: 'Келісім 1' });

    t.clock.advance(1000);
    const accepted = await acceptCurrent(teacher, { 'user-agent': 'Mozilla/5.0 (Test)' });
    expect(accepted.statusCode).toBe(200);
    expect((await teacher.get('/api/v1/me')).json().requiredActions).toEqual([]);
    const rows = await t.deps.db
      .selectFrom('agreementAcceptances')
      .where('personId', '=', tenant.people.teacher.personId)
      .selectAll()
      .execute();
    expect(rows).toEqual([
      {
        personId: tenant.people.teacher.personId,
        versionId: id,
        acceptedAt: t.clock.now(),
        ip: '127.0.0.1',
        userAgent: 'Mozilla/5.0 (Test)',
      },
    ]);
    // Accepting twice is harmless.
    expect((await acceptCurrent(teacher)).statusCode).toBe(200);
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('institutionId', '=', tenant.school.id)
      .where('subjectId', '=', tenant.people.teacher.personId)
      .where('action', '=', 'agreement.accepted')
      .select('after')
      .execute();
    expect(audit).toEqual([{ after: { version: '1' } }]);
    expect((await acceptCurrent(ministry)).statusCode).toBe(200);
  });

  it('keeps the history: a newer version needs accepting again, an older one can no longer be accepted', async () => {
    const teacher = await signIn(t.app, tenant.people.teacher.username, tenant.people.teacher.password);
    const old = (await t.app.inject({ method: 'GET', url: '/api/v1/agreements/current' })).json().id;
    t.clock.advance(60_000);
    const id = await publishNew('2');
    expect((await teacher.get('/api/v1/me')).json().requiredActions).toEqual(['acceptAgreement']);
    const stale = await teacher.post(`/api/v1/agreements/${old}/accept`);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('agreement.outdated');
    expect((await teacher.post(`/api/v1/agreements/${id}/accept`)).statusCode).toBe(200);
    expect((await teacher.get('/api/v1/me')).json().requiredActions).toEqual([]);
    const history = await t.deps.db
      .selectFrom('agreementAcceptances')
      .where('personId', '=', tenant.people.teacher.personId)
      .select('versionId')
      .orderBy('versionId')
      .execute();
    expect(history.map((h) => h.versionId)).toEqual([old, id]);
    expect((await acceptCurrent(ministry)).statusCode).toBe(200);
  });

  it('freezes a published version and refuses publishing twice or a taken label', async () => {
    const current = (await t.app.inject({ method: 'GET', url: '/api/v1/agreements/current' })).json();
    const twice = await ministry.post(`/api/v1/agreements/${current.id}/publish`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('agreement.alreadyPublished');
    const taken = await ministry.post('/api/v1/agreements', draft('2'));
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('agreement.labelTaken');
    await expect(
      t.deps.db.updateTable('agreementVersions').set({ textEn: 'rewritten' }).where('id', '=', current.id).execute(),
    ).rejects.toThrow(/immutable/);
    await expect(t.deps.db.deleteFrom('agreementVersions').where('id', '=', current.id).execute()).rejects.toThrow(
      /immutable/,
    );
    const list = (await ministry.get('/api/v1/agreements')).json().items;
    expect(list.map((v: { label: string }) => v.label)).toEqual(['0.9', '2', '1']);
    expect(list.filter((v: { current: boolean }) => v.current).map((v: { label: string }) => v.label)).toEqual(['2']);
  });

  it('lets only Ministry administrators draft, publish and list versions', async () => {
    const ministryStaff = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: MINISTRY_ID,
      profile: 'ministry_employee',
    });
    const draftId = (await ministry.post('/api/v1/agreements', draft('draft-x'))).json().id;
    for (const p of [ministryStaff, tenant.people.regionAdmin, tenant.people.schoolAdmin, tenant.people.teacher]) {
      const c = await signIn(t.app, p.username, p.password);
      if ((await c.get('/api/v1/me')).json().requiredActions.includes('acceptAgreement')) await acceptCurrent(c);
      expect((await c.post('/api/v1/agreements', draft(`x-${p.personId}`))).statusCode).toBe(403);
      expect((await c.post(`/api/v1/agreements/${draftId}/publish`)).statusCode).toBe(403);
      expect((await c.get('/api/v1/agreements')).statusCode).toBe(403);
    }
    const row = await t.deps.db
      .selectFrom('agreementVersions')
      .where('id', '=', draftId)
      .select('publishedAt')
      .executeTakeFirstOrThrow();
    expect(row.publishedAt).toBeNull();
    // A draft or unknown version cannot be accepted.
    expect((await ministry.post(`/api/v1/agreements/${draftId}/accept`)).statusCode).toBe(404);
    expect((await ministry.post('/api/v1/agreements/999999/accept')).statusCode).toBe(404);
  });

  it('answers malformed drafts with 400', async () => {
    for (const body of [
      {},
      { ...draft('ok'), label: '' },
      { ...draft('ok'), textKk: '   ' },
      { ...draft('ok'), label: 'x'.repeat(51) },
      { ...draft('ok'), changesRu: 'x'.repeat(5001) },
      { ...draft('ok'), textEn: 42 },
    ]) {
      expect((await ministry.post('/api/v1/agreements', body)).statusCode).toBe(400);
    }
    expect((await ministry.post('/api/v1/agreements/abc/publish')).statusCode).toBe(400);
  });
});

describe('acceptance export', () => {
  const csvRows = (body: string) =>
    body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));

  it('gives the Ministry everyone and a school administrator only their school', async () => {
    // People of both schools accept the current version.
    for (const p of [tenant.people.student, otherTenant.people.student, tenant.people.schoolAdmin]) {
      const c = await signIn(t.app, p.username, p.password);
      expect((await acceptCurrent(c, { 'user-agent': '=cmd|evil' })).statusCode).toBe(200);
    }
    const all = await ministry.get('/api/v1/agreements/acceptances?format=csv');
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-type']).toMatch(/^text\/csv/);
    expect(all.headers['content-disposition']).toMatch(/attachment; filename="agreement-acceptances-/);
    const rows = csvRows(all.body);
    expect(rows[0]).toEqual([
      'person_id',
      'surname',
      'first_name',
      'patronymic',
      'username',
      'version_id',
      'version',
      'accepted_at',
      'ip',
      'user_agent',
    ]);
    const ids = rows.slice(1).map((r) => Number(r[0]));
    expect(ids).toEqual(expect.arrayContaining([tenant.people.student.personId, otherTenant.people.student.personId]));
    // A formula in a user agent is defused.
    expect(all.body).toContain("'=cmd|evil");

    const schoolAdmin = await signIn(t.app, tenant.people.schoolAdmin.username, tenant.people.schoolAdmin.password);
    const mine = await schoolAdmin.get('/api/v1/agreements/acceptances');
    expect(mine.statusCode).toBe(200);
    const mineIds = csvRows(mine.body)
      .slice(1)
      .map((r) => Number(r[0]));
    expect(mineIds).toContain(tenant.people.student.personId);
    expect(mineIds).not.toContain(otherTenant.people.student.personId);
    expect(mineIds).not.toContain(ministryAdmin.personId);

    const byVersion = await ministry.get('/api/v1/agreements/acceptances?versionId=999999');
    expect(csvRows(byVersion.body)).toHaveLength(1);
  });

  it('pages through more rows than one batch', async () => {
    const before = csvRows((await ministry.get('/api/v1/agreements/acceptances')).body).length;
    // 1100 more acceptances (one batch is 1000), straight into the tables.
    const bulk = await t.deps.db
      .insertInto('persons')
      .values(
        Array.from({ length: 1100 }, (_, i) => ({
          surname: `Bulk${i}`,
          firstName: 'Row',
          birthDate: '1990-01-01',
          gender: 'male' as const,
        })),
      )
      .returning('id')
      .execute();
    const current = (await t.app.inject({ method: 'GET', url: '/api/v1/agreements/current' })).json();
    await t.deps.db
      .insertInto('agreementAcceptances')
      .values(
        bulk.map((p) => ({ personId: p.id, versionId: current.id, acceptedAt: new Date(), ip: null, userAgent: null })),
      )
      .execute();
    const after = csvRows((await ministry.get('/api/v1/agreements/acceptances')).body);
    expect(after.length).toBe(before + 1100);
    const keys = after.slice(1).map((r) => `${r[0]}-${r[5]}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses people who are not administrators', async () => {
    for (const p of [tenant.people.teacher, tenant.people.parent]) {
      const c = await signIn(t.app, p.username, p.password);
      if ((await c.get('/api/v1/me')).json().requiredActions.includes('acceptAgreement')) await acceptCurrent(c);
      expect((await c.get('/api/v1/agreements/acceptances')).statusCode).toBe(403);
    }
    expect((await ministry.get('/api/v1/agreements/acceptances?format=pdf')).statusCode).toBe(400);
  });

  it('quotes CSV cells safely', () => {
    expect(csvCell('Ким, Алина')).toBe('"Ким, Алина"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('+77011234567')).toBe("'+77011234567");
    expect(csvCell(null)).toBe('');
  });
});
