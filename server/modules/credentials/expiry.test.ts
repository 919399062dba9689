import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../lib/clock.js';
import { createTenant, type Tenant } from '../../test/factories.js';
import { createTestApp, signIn, type TestApp } from '../../test/harness.js';

/**
 * Time travel (the injected clock) through the life of temporary credentials: they work for
 * TEMP_CREDENTIALS_DAYS, are refused after that only once the password itself verified, and a re-issue
 * voids the old password at once.
 */
let t: TestApp;
let a: Tenant;

const attempt = (username: string, password: string, lang = 'en') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username, password },
    headers: { 'accept-language': lang },
  });

/** Creates a student the way an administrator does, now, and returns their one-time credentials. */
async function newStudent(surname: string) {
  const admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  const res = await admin.post('/api/v1/persons', {
    surname,
    firstName: 'Уақыт',
    birthDate: '2013-03-03',
    gender: 'male',
    membership: { institutionId: a.school.id, profile: 'student' },
  });
  expect(res.statusCode).toBe(201);
  return { admin, personId: res.json().person.id as number, ...res.json().credentials };
}

beforeAll(async () => {
  t = await createTestApp({ SIGNIN_FREE_FAILURES: '100' });
  a = await createTenant(t.deps.db, t.deps.hasher);
});
afterAll(() => t.close());

describe('temporary credentials expire', () => {
  it('work on day 29 and are refused from day 30, with a message that says what to do', async () => {
    const start = t.clock.now();
    const s = await newStudent('Жиырматоғыз');
    expect(t.deps.config.TEMP_CREDENTIALS_DAYS).toBe(30);

    t.clock.set(new Date(start.getTime() + 29 * DAY_MS));
    expect((await attempt(s.username, s.temporaryPassword)).statusCode).toBe(200);

    t.clock.set(new Date(start.getTime() + 30 * DAY_MS));
    const refused = await attempt(s.username, s.temporaryPassword);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      code: 'credentials.tempExpired',
      message: 'Your temporary password has expired. Ask your administrator to issue new credentials.',
    });
    expect(refused.cookies).toEqual([]);
    const kk = await attempt(s.username, s.temporaryPassword, 'kk');
    expect(kk.json().message).toBe('Уақытша құпиясөздің мерзімі өтті. Әкімшіден жаңа кіру деректерін беруін сұраңыз.');

    // A wrong password learns nothing about the expiry: the same 401 as for any wrong password.
    const guess = await attempt(s.username, 'not-the-password');
    expect(guess.statusCode).toBe(401);
    expect(guess.json().code).toBe('invalidCredentials');

    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('subjectId', '=', s.personId)
      .where('action', '=', 'auth.signInRefused')
      .select(['after', 'institutionId'])
      .execute();
    expect(audit.length).toBe(2);
    expect(audit[0]).toEqual({ institutionId: a.school.id, after: { reason: 'tempPasswordExpired' } });

    // The administrator re-issues: the new password works, and runs for a new 30 days.
    const admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
    const reset = await admin.post(`/api/v1/persons/${s.personId}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const fresh = reset.json().credentials.temporaryPassword as string;
    expect((await attempt(s.username, fresh)).statusCode).toBe(200);
    t.clock.advance(29 * DAY_MS);
    expect((await attempt(s.username, fresh)).statusCode).toBe(200);
    t.clock.advance(DAY_MS);
    expect((await attempt(s.username, fresh)).statusCode).toBe(403);
  });

  it('are voided by a re-issue before they expire: the old password fails, the new one works', async () => {
    const s = await newStudent('Ескі');
    expect((await attempt(s.username, s.temporaryPassword)).statusCode).toBe(200);
    const reset = await s.admin.post(`/api/v1/persons/${s.personId}/reset-password`);
    const fresh = reset.json().credentials.temporaryPassword as string;
    expect(fresh).not.toBe(s.temporaryPassword);
    const old = await attempt(s.username, s.temporaryPassword);
    expect(old.statusCode).toBe(401);
    expect(old.json().code).toBe('invalidCredentials');
    expect((await attempt(s.username, fresh)).statusCode).toBe(200);
  });

  it('do not touch a person’s own password, however old (that is the password-age rule’s business)', async () => {
    t.clock.advance(400 * DAY_MS);
    expect((await attempt(a.people.teacher.username, a.people.teacher.password)).statusCode).toBe(200);
  });
});

describe('TEMP_CREDENTIALS_DAYS', () => {
  it('sets the lifetime', async () => {
    const short = await createTestApp({ TEMP_CREDENTIALS_DAYS: '3' });
    try {
      const tenant = await createTenant(short.deps.db, short.deps.hasher);
      const admin = await signIn(short.app, tenant.people.schoolAdmin.username, tenant.people.schoolAdmin.password);
      const res = await admin.post('/api/v1/persons', {
        surname: 'Қысқа',
        firstName: 'Мерзім',
        birthDate: '2013-03-03',
        gender: 'female',
        membership: { institutionId: tenant.school.id, profile: 'student' },
      });
      const { username, temporaryPassword } = res.json().credentials;
      const account = await short.deps.db
        .selectFrom('accounts')
        .where('username', '=', username)
        .select('tempPasswordExpiresAt')
        .executeTakeFirstOrThrow();
      expect(new Date(account.tempPasswordExpiresAt!).getTime()).toBe(short.clock.now().getTime() + 3 * DAY_MS);
      short.clock.advance(3 * DAY_MS);
      const late = await short.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username, password: temporaryPassword },
      });
      expect(late.statusCode).toBe(403);
    } finally {
      await short.close();
    }
  });
});
