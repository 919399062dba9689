import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MINISTRY_ID } from '../db/migrations/0002_reference_institutions.js';
import { issueApiToken } from '../modules/api-clients/tokens.service.js';
import { createPerson, createTenant, type Tenant } from './factories.js';
import { type Client, createTestApp, type RouteInfo, signIn, type TestApp } from './harness.js';

/**
 * Every route, fed garbage: bad ids in the path, wrong types and absurd sizes in every declared query and
 * body field, and bodies that are not objects or not JSON at all. Whatever comes in, the answer is a 4xx
 * with a localised { code, message } — never a 500. The actor is a Ministry administrator, so requests get
 * past authorization and reach validation and the services.
 */
let t: TestApp;
const routes: RouteInfo[] = [];
let admin: Client;
let tenant: Tenant;

beforeAll(async () => {
  t = await createTestApp({}, routes);
  tenant = await createTenant(t.deps.db, t.deps.hasher);
  const ministryAdmin = await createPerson(t.deps.db, t.deps.hasher, {
    institutionId: MINISTRY_ID,
    profile: 'ministry_employee',
    isAdmin: true,
  });
  admin = await signIn(t.app, ministryAdmin.username, ministryAdmin.password);
});
afterAll(() => t.close());

const BAD_IDS = ['abc', '0', '-5', '1.5', '1e3', '9007199254740993', '99999999999999999999999', '%00', "1'--"];
const BAD_VALUES: unknown[] = [
  null,
  {},
  [],
  -1,
  0,
  1.5,
  true,
  'x'.repeat(5000),
  '',
  '   ',
  "'; drop table persons; --",
  2 ** 60,
];
const BAD_QUERY = ['abc', '-1', '1e999', 'x'.repeat(600), '%', '\u0000', '[]'];

const shapeOf = (schema: unknown): Record<string, unknown> =>
  schema instanceof z.ZodObject ? (schema.shape as Record<string, unknown>) : {};

/** A valid-looking path: every :param replaced by an id that exists (the tenant's school or student). */
function fill(url: string, value?: string) {
  return url.replace(/:(\w+)/g, (_m, name: string) => {
    if (value !== undefined) return encodeURIComponent(value);
    return String(name.toLowerCase().includes('person') ? tenant.people.student.personId : tenant.school.id);
  });
}

describe('malformed input never causes a 500', () => {
  it('enumerates the API', () => {
    expect(routes.filter((r) => r.url.startsWith('/api/v1/')).length).toBeGreaterThan(10);
  });

  it('answers every bad request with a localised 4xx', async () => {
    const failures: string[] = [];
    const send = async (method: string, url: string, payload?: unknown, raw?: string) => {
      const res = await admin.request(method as 'POST', url, raw ?? payload, { 'accept-language': 'ru' });
      const what = `${method} ${url} ${raw ?? JSON.stringify(payload)?.slice(0, 80)}`;
      if (res.statusCode >= 500) failures.push(`${what} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400) {
        const body = res.json() as { code?: unknown; message?: unknown };
        if (typeof body.code !== 'string' || typeof body.message !== 'string' || body.message === '') {
          failures.push(`${what} → ${res.statusCode} without a localised message: ${res.body.slice(0, 200)}`);
        }
      }
      return res;
    };

    // Routes that end the admin's own session would leave every later route answering 401 (tested in their modules).
    const signsOut = (url: string) => url.endsWith('/sign-out') || url.endsWith('/me/compromised');
    for (const route of routes.filter((r) => r.url.startsWith('/api/v1/') && !signsOut(r.url))) {
      const { method } = route;
      const hasBody = !['GET', 'DELETE'].includes(method);
      if (route.url.includes(':')) {
        for (const bad of BAD_IDS) await send(method, fill(route.url, bad), hasBody ? {} : undefined);
      }
      const url = fill(route.url);
      for (const [field] of Object.entries(shapeOf(route.schema.querystring))) {
        for (const bad of BAD_QUERY)
          await send(method, `${url}?${field}=${encodeURIComponent(bad)}`, hasBody ? {} : undefined);
      }
      if (!hasBody) continue;
      for (const payload of [null, [], 42, true, { unexpected: { nested: [1, 2, 3] } }]) {
        await send(method, url, payload);
      }
      await send(method, url, undefined, '{"broken json');
      const shape = shapeOf(route.schema.body);
      for (const field of Object.keys(shape)) {
        for (const bad of BAD_VALUES) await send(method, url, { [field]: bad });
        // Nested objects (e.g. a person's membership) get the same treatment one level down.
        const nested = shapeOf(shape[field]);
        for (const sub of Object.keys(nested)) {
          for (const bad of BAD_VALUES) await send(method, url, { [field]: { [sub]: bad } });
        }
      }
    }
    expect(failures).toEqual([]);
    // Every route × every kind of garbage: grows with the API, so it gets more than the default 30 s.
  }, 300_000);

  // The Kundelik-compatible surface (issue 8 §2) answers in its own error shape, `{type, description}`, to an API
  // token (a school administrator's, so requests reach validation); /v2.0 is the same plugin and is not repeated.
  it('answers every bad v2 request with a JSON {type} 4xx', async () => {
    const client = await t.deps.db
      .insertInto('apiClients')
      .values({ name: 'fuzz', clientId: 'fuzz-v2-client', secretHash: 'x', ownerInstitutionId: tenant.region.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.deps.db
      .insertInto('apiClientSchools')
      .values({ schoolId: tenant.school.id, apiClientId: client.id })
      .execute();
    const { accessToken } = await issueApiToken(t.deps.db, {
      personId: tenant.people.schoolAdmin.personId,
      clientId: client.id,
      now: t.clock.now(),
    });
    const failures: string[] = [];
    const send = async (method: string, url: string, payload?: unknown, raw?: string) => {
      const res = await admin.request(method as 'POST', url, raw ?? payload, { 'access-token': accessToken });
      const what = `${method} ${url} ${raw ?? JSON.stringify(payload)?.slice(0, 80)}`;
      if (res.statusCode >= 500) failures.push(`${what} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400 && typeof (res.json() as { type?: unknown }).type !== 'string') {
        failures.push(`${what} → ${res.statusCode} without a type: ${res.body.slice(0, 200)}`);
      }
    };
    const v2 = routes.filter((r) => r.url.startsWith('/v2/'));
    expect(v2.length).toBeGreaterThan(30);
    for (const route of v2) {
      const { method } = route;
      const hasBody = !['GET', 'DELETE'].includes(method);
      if (route.url.includes(':')) {
        for (const bad of BAD_IDS) await send(method, fill(route.url, bad), hasBody ? {} : undefined);
      }
      const url = fill(route.url);
      for (const [field] of Object.entries(shapeOf(route.schema.querystring))) {
        for (const bad of BAD_QUERY) await send(method, `${url}?${field}=${encodeURIComponent(bad)}`);
      }
      if (!hasBody) continue;
      for (const payload of [null, [], 42, true, { unexpected: { nested: [1, 2, 3] } }, ['x'], [-1]]) {
        await send(method, url, payload);
      }
      await send(method, url, undefined, '{"broken json');
      for (const field of Object.keys(shapeOf(route.schema.body))) {
        for (const bad of BAD_VALUES) await send(method, url, { [field]: bad });
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('rejects a body that is far too large with 413', async () => {
    const res = await admin.patch('/api/v1/me/preferences', { locale: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payloadTooLarge');
  });
});
