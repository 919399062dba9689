import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { createTestApp, signIn, type TestApp } from '../../test/harness.js';

let t: TestApp;
let tenant: Tenant;
beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.deps.db, t.deps.hasher);
});
afterAll(() => t.close());

const signInRaw = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password }, headers });

describe('sign-in', () => {
  it('opens a session with an HttpOnly, SameSite cookie whose token is stored only as a hash', async () => {
    const { username, password, personId } = tenant.people.teacher;
    const res = await signInRaw(username, password);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeUndefined();
    const stored = await t.deps.db
      .selectFrom('sessions')
      .where('personId', '=', personId)
      .select('tokenHash')
      .execute();
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.map((s) => s.tokenHash)).not.toContain(cookie.value);
  });

  it('answers 401 in the caller language for a wrong password or unknown user, the same either way', async () => {
    const wrong = await signInRaw(tenant.people.teacher.username, 'nope', { 'accept-language': 'ru' });
    const unknown = await signInRaw('nobody-here', 'nope', { 'accept-language': 'ru' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ code: 'invalidCredentials', message: 'Неверный логин или пароль.' });
    expect(unknown.json()).toEqual(wrong.json());
    const kk = await signInRaw('nobody-here', 'nope');
    expect(kk.json().message).toBe('Логин немесе құпиясөз қате.');
  });

  it('audits a failed attempt on a real account at its institution', async () => {
    const { username, personId, institutionId } = tenant.people.student;
    await signInRaw(username, 'bad guess');
    const rows = await t.deps.db
      .selectFrom('auditEvents')
      .where('institutionId', '=', institutionId)
      .where('subjectId', '=', personId)
      .where('action', '=', 'auth.signInFailed')
      .selectAll()
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('refuses a disabled account', async () => {
    const p = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: tenant.school.id,
      profile: 'school_employee',
    });
    await t.deps.db.updateTable('accounts').set({ status: 'disabled' }).where('personId', '=', p.personId).execute();
    const res = await signInRaw(p.username, p.password, { 'accept-language': 'en' });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('accountDisabled');
  });

  it('rejects a malformed body with a localised 400 naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: '' },
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation.failed');
    expect(body.issues).toEqual(
      expect.arrayContaining([
        { path: 'body.username', message: 'Required.' },
        { path: 'body.password', message: 'Required.' },
      ]),
    );
  });

  it('refuses a sign-in posted from another site', async () => {
    const { username, password } = tenant.people.teacher;
    const res = await signInRaw(username, password, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
  });
});

describe('session', () => {
  it('GET /me needs a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
  });

  it('requires the CSRF token on writes', async () => {
    const c = await signIn(t.app, tenant.people.teacher.username, tenant.people.teacher.password);
    const without = await c.request('PATCH', '/api/v1/me/preferences', { locale: 'en' }, { 'x-csrf-token': 'forged' });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf');
    const ok = await c.patch('/api/v1/me/preferences', { locale: 'en' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().locale).toBe('en');
  });

  it('remembers the language per user and answers errors in it', async () => {
    const c = await signIn(t.app, tenant.people.parent.username, tenant.people.parent.password);
    await c.patch('/api/v1/me/preferences', { locale: 'ru' });
    const res = await c.request('GET', '/api/v1/persons/999999999', undefined, { 'accept-language': 'en' });
    expect(res.json().message).toBe('Не найдено.');
    const me = await c.get('/api/v1/me');
    expect(me.json().locale).toBe('ru');
  });

  it('expires after the idle timeout and ends at sign-out', async () => {
    const c = await signIn(t.app, tenant.people.teacher.username, tenant.people.teacher.password);
    expect((await c.get('/api/v1/me')).statusCode).toBe(200);
    t.clock.advance(121 * 60_000);
    expect((await c.get('/api/v1/me')).statusCode).toBe(401);
    t.clock.advance(-121 * 60_000);
    const c2 = await signIn(t.app, tenant.people.teacher.username, tenant.people.teacher.password);
    expect((await c2.post('/api/v1/auth/sign-out')).statusCode).toBe(200);
    expect((await c2.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('switches context only to one of my own memberships', async () => {
    const { teacher, schoolAdmin } = tenant.people;
    // the teacher is also a parent at the same school
    const extra = await t.deps.db
      .insertInto('memberships')
      .values({
        institutionId: tenant.school.id,
        personId: teacher.personId,
        profile: 'parent',
        startsOn: '2020-09-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const c = await signIn(t.app, teacher.username, teacher.password);
    const me = (await c.get('/api/v1/me')).json();
    expect(me.memberships.map((m: { id: number }) => m.id).sort()).toEqual([teacher.membershipId, extra.id].sort());
    const switched = await c.put('/api/v1/me/context', { membershipId: extra.id });
    expect(switched.statusCode).toBe(200);
    expect((await c.get('/api/v1/me')).json().context.profile).toBe('parent');
    const foreign = await c.put('/api/v1/me/context', { membershipId: schoolAdmin.membershipId });
    expect(foreign.statusCode).toBe(404);
  });
});

describe('required actions', () => {
  it('keeps an unregistered person to the allowed routes until the wizard is done', async () => {
    const p = await createPerson(t.deps.db, t.deps.hasher, { institutionId: tenant.school.id, profile: 'parent' });
    await t.deps.db.updateTable('accounts').set({ registeredAt: null }).where('personId', '=', p.personId).execute();
    const c = await signIn(t.app, p.username, p.password);
    const me = await c.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().requiredActions).toEqual(['register']);
    const blocked = await c.request('GET', '/api/v1/me/children', undefined, { 'accept-language': 'en' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'actionRequired', requiredActions: ['register'] });
    expect((await c.post('/api/v1/auth/sign-out')).statusCode).toBe(200);
  });

  it('forces a password change once the password is older than the policy allows', async () => {
    const p = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: tenant.school.id,
      profile: 'school_employee',
    });
    const changedAt = new Date(t.clock.now().getTime() - 89 * 24 * 3_600_000);
    await t.deps.db
      .updateTable('accounts')
      .set({ passwordChangedAt: changedAt })
      .where('personId', '=', p.personId)
      .execute();
    const c = await signIn(t.app, p.username, p.password);
    expect((await c.get('/api/v1/me')).json().requiredActions).toEqual([]);
    expect((await c.get('/api/v1/me/children')).statusCode).toBe(200);
    t.clock.advance(24 * 3_600_000);
    try {
      const later = await signIn(t.app, p.username, p.password);
      expect((await later.get('/api/v1/me')).json().requiredActions).toEqual(['changePassword']);
      expect((await later.get('/api/v1/me/children')).statusCode).toBe(403);
    } finally {
      t.clock.advance(-24 * 3_600_000);
    }
  });
});
