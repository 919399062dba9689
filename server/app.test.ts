import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { SESSION_COOKIE } from './plugins/auth.js';
import { createTenant, type Tenant } from './test/factories.js';
import { createTestApp, signIn, type TestApp } from './test/harness.js';

describe('configuration', () => {
  it('applies documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.DATA_DIR.endsWith('/data')).toBe(true);
    expect(c.PUBLIC_URL).toBe('http://localhost:3000');
    expect(c.secureCookies).toBe(false);
  });
  it('stops on bad values, naming every one', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toContain('PORT');
      expect(msg).toContain('DATABASE_URL');
      expect(msg).toContain('LOG_LEVEL');
    }
  });
  it('turns on Secure cookies for an https PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://dapter.example.kz' }).secureCookies).toBe(true);
  });
});

describe('the running app', () => {
  let t: TestApp;
  let tenant: Tenant;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_SIGNIN_PER_MINUTE: '3', RATE_LIMIT_WRITES_PER_MINUTE: '4' });
    tenant = await createTenant(t.deps.db, t.deps.hasher);
  });
  afterAll(() => t.close());

  it('answers health and readiness probes without a session', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ok' });
  });

  it('publishes an OpenAPI 3 document listing the API, and interactive docs', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/sign-in', '/api/v1/me']));
    expect(doc.paths['/api/v1/auth/sign-in'].post.requestBody).toBeDefined();
    const ui = await t.app.inject('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('answers unknown API paths with a localised JSON 404', async () => {
    const res = await t.app.inject({ url: '/api/v1/nothing-here', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(401); // deny-by-default comes before routing for anonymous callers
    const c = await signIn(t.app, tenant.people.teacher.username, tenant.people.teacher.password);
    const known = await c.request('GET', '/api/v1/nothing-here', undefined, { 'accept-language': 'en' });
    expect(known.statusCode).toBe(404);
    expect(known.json().code).toBe('notFound');
  });

  it('limits sign-in attempts per address with 429, Retry-After and a localised message', async () => {
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'someone', password: 'guess' },
        headers: { 'accept-language': 'en' },
        remoteAddress: '203.0.113.7',
      });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().code).toBe('rateLimited');
    expect(limited.json().message).toMatch(/Too many requests/);
    // another address is unaffected
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: tenant.people.teacher.username, password: tenant.people.teacher.password },
      remoteAddress: '203.0.113.8',
    });
    expect(other.statusCode).toBe(200);
  });

  it('limits writes per session', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: tenant.people.parent.username, password: tenant.people.parent.password },
      remoteAddress: '203.0.113.9',
    });
    const token = res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const me = (await t.app.inject({ url: '/api/v1/me', cookies: { [SESSION_COOKIE]: token } })).json();
    const write = () =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/v1/me/preferences',
        payload: { locale: 'ru' },
        cookies: { [SESSION_COOKIE]: token },
        headers: { 'x-csrf-token': me.csrfToken },
      });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await write()).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    // reads are not write-limited
    expect((await t.app.inject({ url: '/api/v1/me', cookies: { [SESSION_COOKIE]: token } })).statusCode).toBe(200);
  });
});
