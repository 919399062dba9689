import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { addNewcomer, GOOD_PASSWORD } from './registration.fixtures.js';

let t: TestApp;
let tenant: Tenant;
let admin: Client;
let agreementId: number;

const signInRaw = (username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.deps.db, t.deps.hasher);
  admin = await signIn(t.app, tenant.people.schoolAdmin.username, tenant.people.schoolAdmin.password);
  // A published agreement, accepted by the tenant's existing people so they are not held up by it.
  const v = await t.deps.db
    .insertInto('agreementVersions')
    .values({
      label: 'r1',
      textKk: 'Келісім мәтіні',
      textRu: 'Текст соглашения',
      textEn: 'Agreement text',
      publishedAt: new Date('2026-09-01T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  agreementId = v.id;
  await t.deps.db
    .insertInto('agreementAcceptances')
    .values(
      Object.values(tenant.people).map((p) => ({
        personId: p.personId,
        versionId: v.id,
        acceptedAt: new Date('2026-09-01T00:00:00Z'),
        ip: null,
        userAgent: null,
      })),
    )
    .execute();
});
afterAll(() => t.close());

describe('the registration wizard', () => {
  it('takes a newcomer from temporary credentials to the cabinet, in one transaction', async () => {
    const who = await addNewcomer(admin, tenant.school.id, { surname: 'Жақсыбекова', firstName: 'Аружан' });
    const me = await signIn(t.app, who.username, who.temporaryPassword);
    expect((await me.get('/api/v1/me')).json().requiredActions).toEqual(['register']);
    // Everything else waits for registration.
    const blocked = await me.get('/api/v1/me/children');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'actionRequired', requiredActions: ['register'] });

    // Step 1: the data to check, and the agreement in force in the person's language (Kazakh by default).
    const reg = await me.get('/api/v1/registration');
    expect(reg.statusCode).toBe(200);
    expect(reg.json()).toMatchObject({
      registered: false,
      person: {
        surname: 'Жақсыбекова',
        firstName: 'Аружан',
        patronymic: 'Серікқызы',
        birthDate: '2011-03-14',
        gender: 'female',
      },
      agreement: { id: agreementId, label: 'r1', text: 'Келісім мәтіні' },
      // A minor student whose parent has not consented yet: told, not blocked.
      consent: { required: true, given: false },
    });

    // Steps 2 and 3: password + "Register".
    const done = await me.request(
      'POST',
      '/api/v1/registration/complete',
      { newPassword: GOOD_PASSWORD, agreementVersionId: agreementId, dataConfirmed: true },
      { 'user-agent': 'WizardTest/1.0' },
    );
    expect(done.statusCode).toBe(200);
    const after = (await me.get('/api/v1/me')).json();
    expect(after.requiredActions).toEqual([]);
    expect(after.passwordIsTemporary).toBe(false);
    expect((await me.get('/api/v1/me/children')).statusCode).toBe(200);

    const account = await t.deps.db
      .selectFrom('accounts')
      .where('personId', '=', who.personId)
      .select(['registeredAt', 'passwordIsTemporary', 'passwordChangedAt'])
      .executeTakeFirstOrThrow();
    expect(account.registeredAt).toEqual(t.clock.now());
    expect(account.passwordIsTemporary).toBe(false);
    const acceptance = await t.deps.db
      .selectFrom('agreementAcceptances')
      .where('personId', '=', who.personId)
      .selectAll()
      .execute();
    expect(acceptance).toEqual([
      {
        personId: who.personId,
        versionId: agreementId,
        acceptedAt: t.clock.now(),
        ip: '127.0.0.1',
        userAgent: 'WizardTest/1.0',
      },
    ]);
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('institutionId', '=', tenant.school.id)
      .where('subjectId', '=', who.personId)
      .where('action', '=', 'registration.completed')
      .select(['after', 'actorPersonId'])
      .execute();
    expect(audit).toEqual([{ after: { agreementVersion: 'r1' }, actorPersonId: who.personId }]);
    expect(JSON.stringify(audit)).not.toContain(GOOD_PASSWORD);

    // The temporary password is gone; the new one works.
    expect((await signInRaw(who.username, who.temporaryPassword)).statusCode).toBe(401);
    expect((await signInRaw(who.username, GOOD_PASSWORD)).statusCode).toBe(200);
    // Registering twice is refused.
    const again = await me.post('/api/v1/registration/complete', {
      newPassword: 'another-fine-password-77',
      agreementVersionId: agreementId,
      dataConfirmed: true,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('registration.alreadyDone');
  });

  it('signs out other sessions opened with the temporary credentials', async () => {
    const who = await addNewcomer(admin, tenant.school.id);
    const stranger = await signIn(t.app, who.username, who.temporaryPassword);
    const me = await signIn(t.app, who.username, who.temporaryPassword);
    const res = await me.post('/api/v1/registration/complete', {
      newPassword: GOOD_PASSWORD,
      agreementVersionId: agreementId,
      dataConfirmed: true,
    });
    expect(res.statusCode).toBe(200);
    expect((await stranger.get('/api/v1/me')).statusCode).toBe(401);
    expect((await me.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('refuses an outdated agreement version, keeping the temporary password and writing nothing', async () => {
    const who = await addNewcomer(admin, tenant.school.id);
    const me = await signIn(t.app, who.username, who.temporaryPassword);
    for (const agreementVersionId of [null, agreementId + 1000]) {
      const res = await me.post('/api/v1/registration/complete', {
        newPassword: GOOD_PASSWORD,
        agreementVersionId,
        dataConfirmed: true,
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('agreement.outdated');
    }
    expect((await signInRaw(who.username, who.temporaryPassword)).statusCode).toBe(200);
    const rows = await t.deps.db
      .selectFrom('agreementAcceptances')
      .where('personId', '=', who.personId)
      .select('versionId')
      .execute();
    expect(rows).toEqual([]);
    expect((await me.get('/api/v1/me')).json().requiredActions).toEqual(['register']);
  });

  it('refuses keeping the temporary password as the permanent one', async () => {
    const who = await addNewcomer(admin, tenant.school.id);
    const me = await signIn(t.app, who.username, who.temporaryPassword);
    const res = await me.post('/api/v1/registration/complete', {
      newPassword: who.temporaryPassword,
      agreementVersionId: agreementId,
      dataConfirmed: true,
    });
    expect(res.statusCode).toBe(422);
    expect((await me.get('/api/v1/me')).json().requiredActions).toEqual(['register']);
  });

  it('answers malformed input with a localised 400 and needs the data confirmed', async () => {
    const who = await addNewcomer(admin, tenant.school.id);
    const me = await signIn(t.app, who.username, who.temporaryPassword);
    const bodies: unknown[] = [
      {},
      { newPassword: GOOD_PASSWORD, agreementVersionId: agreementId, dataConfirmed: false },
      { newPassword: '', agreementVersionId: agreementId, dataConfirmed: true },
      { newPassword: 'x'.repeat(300), agreementVersionId: agreementId, dataConfirmed: true },
      { newPassword: GOOD_PASSWORD, agreementVersionId: 'one', dataConfirmed: true },
      '{"broken',
    ];
    for (const body of bodies) {
      const res = await me.request('POST', '/api/v1/registration/complete', body, { 'accept-language': 'ru' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/[а-я]/i);
    }
    expect((await signInRaw(who.username, who.temporaryPassword)).statusCode).toBe(200);
  });

  it('does not expose the wizard without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/registration' });
    expect(res.statusCode).toBe(401);
  });
});

describe('correction requests from the wizard', () => {
  it('files a request with only the changed fields; the wizard can still be finished', async () => {
    const who = await addNewcomer(admin, tenant.school.id, { surname: 'Ахметва', firstName: 'Дана' });
    const me = await signIn(t.app, who.username, who.temporaryPassword);
    const res = await me.post('/api/v1/registration/corrections', {
      proposed: { surname: 'Ахметова', firstName: 'Дана', birthDate: '2011-03-15' },
      comment: 'В свидетельстве о рождении — Ахметова, 15 марта',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      proposed: { surname: 'Ахметова', birthDate: '2011-03-15' },
      status: 'open',
      answer: null,
    });
    expect(res.json().proposed).not.toHaveProperty('firstName');
    const mine = (await me.get('/api/v1/registration/corrections')).json().items;
    expect(mine).toHaveLength(1);
    // The data are unchanged until an administrator applies the request.
    expect((await me.get('/api/v1/registration')).json().person.surname).toBe('Ахметва');
    const done = await me.post('/api/v1/registration/complete', {
      newPassword: GOOD_PASSWORD,
      agreementVersionId: agreementId,
      dataConfirmed: true,
    });
    expect(done.statusCode).toBe(200);
  });

  it('refuses a request that changes nothing, and empty or malformed ones', async () => {
    const who = await addNewcomer(admin, tenant.school.id, { surname: 'Серікова' });
    const me = await signIn(t.app, who.username, who.temporaryPassword);
    const same = await me.post('/api/v1/registration/corrections', { proposed: { surname: 'Серікова' } });
    expect(same.statusCode).toBe(422);
    expect(same.json().code).toBe('correction.nothingChanged');
    for (const body of [
      {},
      { proposed: {} },
      { proposed: { gender: 'other' } },
      { proposed: { birthDate: '2011-02-30' } },
      { proposed: { surname: '' } },
      { proposed: { surname: 'x'.repeat(101) } },
      { proposed: { surname: 'Ок' }, comment: 'x'.repeat(1001) },
    ]) {
      expect((await me.post('/api/v1/registration/corrections', body)).statusCode).toBe(400);
    }
    const future = await me.post('/api/v1/registration/corrections', { proposed: { birthDate: '2099-01-01' } });
    expect(future.statusCode).toBe(422);
    expect((await me.get('/api/v1/registration/corrections')).json().items).toEqual([]);
  });

  it('limits how many requests may be open at once', async () => {
    const who = await addNewcomer(admin, tenant.school.id);
    const me = await signIn(t.app, who.username, who.temporaryPassword);
    for (let i = 0; i < 5; i++) {
      const res = await me.post('/api/v1/registration/corrections', { proposed: { firstName: `Имя${i}` } });
      expect(res.statusCode).toBe(201);
    }
    const sixth = await me.post('/api/v1/registration/corrections', { proposed: { firstName: 'Ещё' } });
    expect(sixth.statusCode).toBe(409);
    expect(sixth.json().code).toBe('correction.tooMany');
  });
});
