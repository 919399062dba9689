import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';
import { createPerson, createTenant, type Tenant, type TestPerson } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';

/**
 * Issue 8 §1 and the bearer part of §3 on a real database: the registry, the v2 password grant and refresh,
 * token resolution (Access-Token, ?access_token=, Bearer), revocation, expiry, per-token 429 and CORS.
 */
let t: TestApp;
let tenant: Tenant;
let other: Tenant;
let region: Client;
let schoolAdmin: Client;
let client: { id: number; clientId: string; secret: string };

type Body = Record<string, unknown>;
const login = (body: Body, prefix = '/v2') =>
  t.app.inject({ method: 'POST', url: `${prefix}/authorizations/bycredentials`, payload: body });
const creds = (p: TestPerson, extra: Body = {}) => ({
  username: p.username,
  password: p.password,
  client_id: client.clientId,
  client_secret: client.secret,
  scope: 'CommonInfo,EducationalInfo',
  ...extra,
});
async function tokenOf(p: TestPerson) {
  const res = await login(creds(p));
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { accessToken: string; refreshToken: string; expiresIn: number; user: number };
}
const me = (headers: Record<string, string>, url = '/api/v1/me') => t.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.deps.db, t.deps.hasher);
  other = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[1]);
  region = await signIn(t.app, tenant.people.regionAdmin.username, tenant.people.regionAdmin.password);
  schoolAdmin = await signIn(t.app, tenant.people.schoolAdmin.username, tenant.people.schoolAdmin.password);
  const created = await region.post('/api/v1/api-clients', {
    name: 'Kundelik bot',
    scopes: ['CommonInfo', 'EducationalInfo', 'marks'],
    allowedOrigins: ['https://bot.example.kz'],
  });
  expect(created.statusCode, created.body).toBe(201);
  const body = created.json();
  client = { id: body.client.id, clientId: body.client.clientId, secret: body.clientSecret };
  const enabled = await schoolAdmin.put(`/api/v1/school/api-clients/${client.id}`, { enabled: true });
  expect(enabled.statusCode, enabled.body).toBe(200);
  expect(enabled.json()).toMatchObject({ id: client.id, enabled: true });
});
afterAll(() => t.close());

describe('registry of API clients', () => {
  it('stores only the secret hash, lists clients to their managers and refuses everyone else', async () => {
    const row = await t.deps.db
      .selectFrom('apiClients')
      .where('id', '=', client.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.secretHash).not.toContain(client.secret);
    expect(row.ownerInstitutionId).toBe(tenant.region.id);
    const list = await region.get('/api/v1/api-clients');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({ id: client.id, name: 'Kundelik bot', schools: 1, disabledAt: null }),
    ]);
    // A school administrator cannot register clients; a teacher cannot enable them.
    expect((await schoolAdmin.post('/api/v1/api-clients', { name: 'x' })).statusCode).toBe(403);
    const teacher = await signIn(t.app, tenant.people.teacher.username, tenant.people.teacher.password);
    expect((await teacher.get('/api/v1/school/api-clients')).statusCode).toBe(403);
    // Another region's administrator does not see it, and cannot edit it (404: its existence is not told).
    const foreign = await signIn(t.app, other.people.regionAdmin.username, other.people.regionAdmin.password);
    expect((await foreign.get('/api/v1/api-clients')).json().items).toEqual([]);
    expect((await foreign.patch(`/api/v1/api-clients/${client.id}`, { name: 'Hijacked' })).statusCode).toBe(404);
    // Bad origins are a localised 400.
    const bad = await region.request(
      'POST',
      '/api/v1/api-clients',
      { name: 'x', allowedOrigins: ['https://a.kz/path'] },
      {
        'accept-language': 'ru',
      },
    );
    expect(bad.statusCode).toBe(400);
    // In the user's own language (their account's locale), naming the field.
    expect(bad.json().issues[0].path).toBe('body.allowedOrigins.0');
    expect(bad.json().issues[0].message).toContain('https://app.example.kz');
  });

  it("shows the school administrator the region's clients with whether the school enabled them", async () => {
    const res = await schoolAdmin.get('/api/v1/school/api-clients');
    expect(res.json().items).toEqual([
      expect.objectContaining({
        id: client.id,
        name: 'Kundelik bot',
        enabled: true,
        allowedOrigins: ['https://bot.example.kz'],
      }),
    ]);
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('subjectType', '=', 'apiClient')
      .where('subjectId', '=', client.id)
      .select(['institutionId', 'action'])
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { institutionId: tenant.region.id, action: 'apiClient.created' },
      { institutionId: tenant.school.id, action: 'apiClient.enabledForSchool' },
    ]);
  });
});

describe('POST /v2/authorizations/bycredentials', () => {
  it('returns the documented token shape under /v2 and /v2.0 and audits the issue', async () => {
    for (const prefix of ['/v2', '/v2.0']) {
      const res = await login(creds(tenant.people.parent), prefix);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual([
        'accessToken',
        'expiresIn',
        'refreshToken',
        'scope',
        'user',
        'user_str',
      ]);
      expect(body.user).toBe(tenant.people.parent.personId);
      expect(body.user_str).toBe(String(tenant.people.parent.personId));
      expect(body.expiresIn).toBe(24 * 3600);
      expect(body.scope).toBe('CommonInfo,EducationalInfo');
      expect(body.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    const issued = await t.deps.db
      .selectFrom('auditEvents')
      .where('action', '=', 'apiToken.issued')
      .where('subjectId', '=', tenant.people.parent.personId)
      .select(['institutionId', 'actorPersonId'])
      .execute();
    expect(issued).toEqual([
      { institutionId: tenant.school.id, actorPersonId: tenant.people.parent.personId },
      { institutionId: tenant.school.id, actorPersonId: tenant.people.parent.personId },
    ]);
  });

  it('refuses wrong credentials, unknown or disabled clients and bad secrets with authorizationFailed', async () => {
    const failures = [
      creds(tenant.people.parent, { password: 'wrong password' }),
      creds(tenant.people.parent, { username: 'nobody-here' }),
      creds(tenant.people.parent, { client_id: 'not-registered' }),
      creds(tenant.people.parent, { client_secret: 'wrong-secret' }),
      { username: tenant.people.parent.username },
    ];
    for (const body of failures) {
      const res = await login(body);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ type: 'authorizationFailed' });
      expect(typeof res.json().description).toBe('string');
    }
  });

  it('refuses a disabled account, a disabled client and a client the school has not enabled', async () => {
    const disabled = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: tenant.school.id,
      profile: 'parent',
    });
    await t.deps.db
      .updateTable('accounts')
      .set({ status: 'disabled' })
      .where('personId', '=', disabled.personId)
      .execute();
    expect((await login(creds(disabled))).json()).toEqual({
      type: 'authorizationFailed',
      description: 'Account is disabled',
    });

    // The other tenant's school never enabled the client.
    const foreign = await login(creds(other.people.parent));
    expect(foreign.statusCode).toBe(401);
    expect(foreign.json().description).toMatch(/not enabled/);

    const token = await tokenOf(tenant.people.teacher);
    expect((await me({ 'access-token': token.accessToken })).statusCode).toBe(200);
    expect((await region.patch(`/api/v1/api-clients/${client.id}`, { disabled: true })).statusCode).toBe(200);
    expect((await login(creds(tenant.people.teacher))).json().type).toBe('authorizationFailed');
    // Tokens of a disabled client stop working at once.
    expect((await me({ 'access-token': token.accessToken })).statusCode).toBe(401);
    expect((await region.patch(`/api/v1/api-clients/${client.id}`, { disabled: false })).statusCode).toBe(200);
    expect((await me({ 'access-token': token.accessToken })).statusCode).toBe(200);
  });

  it('tells a user with temporary credentials or an expired password to finish on the web', async () => {
    const fresh = await createPerson(t.deps.db, t.deps.hasher, { institutionId: tenant.school.id, profile: 'student' });
    await t.deps.db
      .updateTable('accounts')
      .set({ registeredAt: null, passwordIsTemporary: true })
      .where('personId', '=', fresh.personId)
      .execute();
    const first = await login(creds(fresh));
    expect(first.statusCode).toBe(401);
    expect(first.json()).toMatchObject({ type: 'authorizationFailed', reason: 'FirstLogin' });
    expect(first.json().description).toMatch(/registration on the web/);

    const old = await createPerson(t.deps.db, t.deps.hasher, { institutionId: tenant.school.id, profile: 'student' });
    await t.deps.db
      .updateTable('accounts')
      .set({ passwordChangedAt: new Date('2025-01-01T00:00:00Z') })
      .where('personId', '=', old.personId)
      .execute();
    const expired = await login(creds(old));
    expect(expired.json()).toMatchObject({ type: 'authorizationFailed', reason: 'ChangePassword' });
  });
});

describe('tokens on every request', () => {
  it('resolves Access-Token, ?access_token= and Bearer to the same person; a bad token is 401', async () => {
    const { accessToken } = await tokenOf(tenant.people.parent);
    for (const res of [
      await me({ 'access-token': accessToken }),
      await me({}, `/api/v1/me?access_token=${accessToken}`),
      await me({ authorization: `Bearer ${accessToken}` }),
    ]) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().personId).toBe(tenant.people.parent.personId);
    }
    expect((await me({ 'access-token': 'x'.repeat(43) })).statusCode).toBe(401);
    expect((await me({ authorization: 'Bearer ' })).statusCode).toBe(401);
  });

  it('ignores the cookie when a token is presented and needs no CSRF header for token writes', async () => {
    const parent = await signIn(t.app, tenant.people.parent.username, tenant.people.parent.password);
    const withBadToken = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      cookies: { [SESSION_COOKIE]: parent.cookie },
      headers: { 'access-token': 'revoked-or-invented' },
    });
    expect(withBadToken.statusCode).toBe(401);
    const { accessToken } = await tokenOf(tenant.people.parent);
    const write = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me/preferences',
      headers: { authorization: `Bearer ${accessToken}` },
      payload: { locale: 'kk' },
    });
    expect(write.statusCode, write.body).toBe(200);
  });

  it("acts with the user's own permissions: a parent reads their child's diary, a foreign child is 404", async () => {
    const { accessToken } = await tokenOf(tenant.people.parent);
    const auth = { authorization: `Bearer ${accessToken}` };
    const students = await me(auth, '/api/v1/diary/students');
    expect(students.statusCode, students.body).toBe(200);
    expect(students.json().items.map((s: { personId: number }) => s.personId)).toEqual([
      tenant.people.student.personId,
    ]);
    const own = await me(auth, `/api/v1/diary/${tenant.people.student.personId}/week?date=2026-10-01`);
    expect(own.statusCode, own.body).toBe(200);
    const foreign = await me(auth, `/api/v1/diary/${other.people.student.personId}/week?date=2026-10-01`);
    expect(foreign.statusCode).toBe(404);
    // Administration stays with administrators: a parent's token cannot list the school's people.
    expect((await me(auth, `/api/v1/persons?institutionId=${tenant.school.id}`)).statusCode).toBe(403);
  });

  it('refresh rotates both tokens; the used refresh token and the old access token stop working', async () => {
    const first = await tokenOf(tenant.people.student);
    const refresh = (refreshToken: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v2.0/authorizations/byrefreshtoken',
        payload: { client_id: client.clientId, client_secret: client.secret, grant_type: 'RefreshToken', refreshToken },
      });
    const second = await refresh(first.refreshToken);
    expect(second.statusCode, second.body).toBe(200);
    const next = second.json();
    expect(next.user).toBe(tenant.people.student.personId);
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect((await me({ 'access-token': next.accessToken })).statusCode).toBe(200);
    expect((await me({ 'access-token': first.accessToken })).statusCode).toBe(401);
    const replay = await refresh(first.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().type).toBe('authorizationFailed');
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('action', '=', 'apiToken.refreshed')
      .where('subjectId', '=', tenant.people.student.personId)
      .select('institutionId')
      .execute();
    expect(audit).toEqual([{ institutionId: tenant.school.id }]);
  });

  it('writes last_used_at at most once a minute', async () => {
    const person = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: tenant.school.id,
      profile: 'student',
    });
    const { accessToken } = await tokenOf(person);
    const lastUsed = async () =>
      (
        await t.deps.db
          .selectFrom('apiTokens')
          .where('personId', '=', person.personId)
          .select('lastUsedAt')
          .executeTakeFirstOrThrow()
      ).lastUsedAt.getTime();
    const issuedAt = await lastUsed();
    t.clock.advance(30_000);
    await me({ 'access-token': accessToken });
    expect(await lastUsed()).toBe(issuedAt);
    t.clock.advance(61_000);
    await me({ 'access-token': accessToken });
    expect(await lastUsed()).toBe(t.clock.now().getTime());
  });

  it('expires access tokens after API_ACCESS_TOKEN_MINUTES', async () => {
    const { accessToken } = await tokenOf(tenant.people.teacher);
    expect((await me({ 'access-token': accessToken })).statusCode).toBe(200);
    t.clock.advance(24 * 3_600_000 + 1000);
    try {
      expect((await me({ 'access-token': accessToken })).statusCode).toBe(401);
      const v2 = await me({ 'access-token': accessToken }, '/v2/users/me');
      expect(v2.statusCode).toBe(401);
      expect(v2.json().type).toBe('invalidToken');
    } finally {
      t.clock.advance(-(24 * 3_600_000 + 1000));
    }
  });

  it('lists the apps holding tokens for the user and revokes them all ("Apps with access")', async () => {
    const person = await createPerson(t.deps.db, t.deps.hasher, { institutionId: tenant.school.id, profile: 'parent' });
    const a = await tokenOf(person);
    const b = await tokenOf(person);
    const web = await signIn(t.app, person.username, person.password);
    const apps = await web.get('/api/v1/me/api-apps');
    expect(apps.json().items).toEqual([expect.objectContaining({ id: client.id, name: 'Kundelik bot', tokens: 2 })]);
    const revoked = await web.delete(`/api/v1/me/api-apps/${client.id}`);
    expect(revoked.json()).toEqual({ revoked: 2 });
    for (const token of [a, b]) expect((await me({ 'access-token': token.accessToken })).statusCode).toBe(401);
    const v2 = await me({ 'access-token': a.accessToken }, '/v2.0/users/me');
    expect(v2.statusCode).toBe(401);
    expect(v2.json().type).toBe('invalidToken');
    expect((await web.get('/api/v1/me/api-apps')).json().items).toEqual([]);
    expect((await web.delete(`/api/v1/me/api-apps/${client.id}`)).statusCode).toBe(404);
    const audit = await t.deps.db
      .selectFrom('auditEvents')
      .where('action', '=', 'apiToken.revoked')
      .where('subjectId', '=', person.personId)
      .select(['institutionId', 'actorPersonId'])
      .execute();
    expect(audit).toEqual([{ institutionId: tenant.school.id, actorPersonId: person.personId }]);
  });

  it('rotating the secret refuses the old one', async () => {
    const rotated = await region.post(`/api/v1/api-clients/${client.id}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    const secret = rotated.json().clientSecret as string;
    expect((await login(creds(tenant.people.parent))).statusCode).toBe(401);
    client.secret = secret;
    expect((await login(creds(tenant.people.parent))).statusCode).toBe(200);
  });
});

describe('CORS for registered browser origins', () => {
  const preflight = (url: string, origin: string, headers = 'access-token') =>
    t.app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': headers },
    });

  it('allows a registered origin with the token headers and never credentials', async () => {
    const res = await preflight('/v2/users/me', 'https://bot.example.kz');
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://bot.example.kz');
    expect(String(res.headers['access-control-allow-headers'])).toMatch(/Access-Token/);
    expect(String(res.headers['access-control-allow-headers'])).toMatch(/Authorization/);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const api = await preflight('/api/v1/me', 'https://bot.example.kz', 'authorization');
    expect(api.headers['access-control-allow-origin']).toBe('https://bot.example.kz');
    const { accessToken } = await tokenOf(tenant.people.parent);
    const get = await me({ origin: 'https://bot.example.kz', 'access-token': accessToken });
    expect(get.statusCode).toBe(200);
    expect(get.headers['access-control-allow-origin']).toBe('https://bot.example.kz');
  });

  it('gives an unregistered origin, or a cookie call, no CORS headers', async () => {
    const res = await preflight('/v2/users/me', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    // A cross-origin /api/v1 call that does not announce a token header is a cookie call: never allowed.
    const cookie = await preflight('/api/v1/me', 'https://bot.example.kz', 'content-type');
    expect(cookie.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('rate limits and throttling', () => {
  let small: TestApp;
  let smallClient: { clientId: string; secret: string };
  let smallTenant: Tenant;
  beforeAll(async () => {
    small = await createTestApp({ RATE_LIMIT_API_TOKEN_PER_MINUTE: '3', SIGNIN_FREE_FAILURES: '2' });
    smallTenant = await createTenant(small.deps.db, small.deps.hasher);
    const r = await signIn(small.app, smallTenant.people.regionAdmin.username, smallTenant.people.regionAdmin.password);
    const created = (await r.post('/api/v1/api-clients', { name: 'Small' })).json();
    smallClient = { clientId: created.client.clientId, secret: created.clientSecret };
    const admin = await signIn(
      small.app,
      smallTenant.people.schoolAdmin.username,
      smallTenant.people.schoolAdmin.password,
    );
    await admin.put(`/api/v1/school/api-clients/${created.client.id}`, { enabled: true });
  });
  afterAll(() => small.close());

  const smallLogin = (p: TestPerson, password = p.password) =>
    small.app.inject({
      method: 'POST',
      url: '/v2/authorizations/bycredentials',
      payload: { username: p.username, password, client_id: smallClient.clientId, client_secret: smallClient.secret },
    });

  it('answers 429 with Retry-After per token, apiRequestLimit on /v2; another token is unaffected', async () => {
    const one = (await smallLogin(smallTenant.people.parent)).json().accessToken as string;
    const two = (await smallLogin(smallTenant.people.parent)).json().accessToken as string;
    const call = (token: string, url = '/api/v1/me'): Promise<LightMyRequestResponse> =>
      small.app.inject({ method: 'GET', url, headers: { 'access-token': token } });
    for (let i = 0; i < 3; i++) expect((await call(one)).statusCode).toBe(200);
    const limited = await call(one);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().code).toBe('rateLimited');
    const v2 = await call(one, '/v2/users/me');
    expect(v2.statusCode).toBe(429);
    expect(v2.json()).toMatchObject({ type: 'apiRequestLimit' });
    expect((await call(two)).statusCode).toBe(200);
  });

  it("reuses the web sign-in's back-off: maxAttempsExceeded with Retry-After", async () => {
    const person = smallTenant.people.teacher;
    expect((await smallLogin(person, 'wrong-1')).json().type).toBe('authorizationFailed');
    expect((await smallLogin(person, 'wrong-2')).json().type).toBe('authorizationFailed');
    const blocked = await smallLogin(person);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ type: 'maxAttempsExceeded' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });
});
