import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { SESSION_COOKIE } from '../plugins/auth.js';
import { createTenant, type Tenant } from '../test/factories.js';
import { createTestApp, type TestApp } from '../test/harness.js';
import { deleteExpiredCounters, incrementCounter } from './rate-limit-store.js';

describe('RATE_LIMIT_STORE', () => {
  it('auto: Redis with REDIS_URL, else the database with DATABASE_URL, else memory', () => {
    const db = 'postgres://u:p@h/d';
    expect(loadConfig({}).rateLimitStore).toBe('memory');
    expect(loadConfig({ DATABASE_URL: db }).rateLimitStore).toBe('database');
    expect(loadConfig({ DATABASE_URL: db, REDIS_URL: 'redis://127.0.0.1:6379' }).rateLimitStore).toBe('redis');
    expect(loadConfig({ DATABASE_URL: db, RATE_LIMIT_STORE: 'memory' }).rateLimitStore).toBe('memory');
    // The embedded database is PostgreSQL too: its counters can live in it.
    expect(loadConfig({ RATE_LIMIT_STORE: 'database' }).rateLimitStore).toBe('database');
    expect(() => loadConfig({ RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE: 'redis' needs REDIS_URL/);
  });
});

/** Two app instances on one database, as two processes behind a load balancer would be. */
describe('database rate-limit store shared by two app instances', () => {
  let t: TestApp;
  let second: App;
  let tenant: Tenant;

  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_STORE: 'database',
      RATE_LIMIT_SIGNIN_PER_MINUTE: '4',
      RATE_LIMIT_WRITES_PER_MINUTE: '5',
    });
    // Its own deps object: nothing in-process is shared with the first app, only the database.
    second = await buildApp({ ...t.deps });
    await second.ready();
    tenant = await createTenant(t.deps.db, t.deps.hasher);
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('counts sign-in attempts of one address across both instances: the 5th gets 429', async () => {
    const attempt = (app: App) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'nobody-here', password: 'guess-guess' },
        headers: { 'accept-language': 'en' },
        remoteAddress: '203.0.113.41',
      });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(i % 2 === 0 ? t.app : second)).statusCode);
    // Each instance alone saw only three: with per-process memory none of these would be limited.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    const limited = await attempt(second);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.json()).toMatchObject({ code: 'rateLimited' });
    // Another address has its own counter.
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'nobody-here', password: 'guess-guess' },
      remoteAddress: '203.0.113.42',
    });
    expect(other.statusCode).toBe(401);
  });

  it("counts one session's writes across both instances", async () => {
    const res = await second.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: tenant.people.parent.username, password: tenant.people.parent.password },
      remoteAddress: '203.0.113.43',
    });
    expect(res.statusCode).toBe(200);
    const token = res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    const me = (await t.app.inject({ url: '/api/v1/me', cookies: { [SESSION_COOKIE]: token } })).json();
    const write = (app: App) =>
      app.inject({
        method: 'PATCH',
        url: '/api/v1/me/preferences',
        payload: { locale: 'ru' },
        cookies: { [SESSION_COOKIE]: token },
        headers: { 'x-csrf-token': me.csrfToken },
      });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await write(i % 2 === 0 ? second : t.app)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // Reads are not write-limited, on either instance.
    for (const app of [t.app, second])
      expect((await app.inject({ url: '/api/v1/me', cookies: { [SESSION_COOKIE]: token } })).statusCode).toBe(200);
  });

  it('counts in one statement, atomically: parallel hits get distinct counts', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => incrementCounter(t.deps.db, 'test:parallel', 60_000)),
    );
    expect(results.map((r) => r.current).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const r of results) {
      expect(r.ttl).toBeGreaterThan(55_000);
      expect(r.ttl).toBeLessThanOrEqual(60_000);
    }
  });

  it('starts a new window after the old one ended, and the cleanup deletes only long-ended counters', async () => {
    const db = t.deps.db;
    expect((await incrementCounter(db, 'test:window', 60_000)).current).toBe(1);
    expect((await incrementCounter(db, 'test:window', 60_000)).current).toBe(2);
    // The window ended (moved into the past rather than waiting a minute).
    await db
      .updateTable('rateLimitCounters')
      .set({ expiresAt: sql`statement_timestamp() - interval '1 second'` })
      .where('key', '=', 'test:window')
      .execute();
    const fresh = await incrementCounter(db, 'test:window', 60_000);
    expect(fresh.current).toBe(1);
    expect(fresh.ttl).toBeGreaterThan(55_000);

    await incrementCounter(db, 'test:old', 60_000);
    await db
      .updateTable('rateLimitCounters')
      .set({ expiresAt: sql`statement_timestamp() - interval '2 minutes'` })
      .where('key', '=', 'test:old')
      .execute();
    expect(await deleteExpiredCounters(db)).toEqual({ deleted: 1 });
    const keys = (await db.selectFrom('rateLimitCounters').select('key').execute()).map((r) => r.key);
    expect(keys).toContain('test:window');
    expect(keys).not.toContain('test:old');
  });

  it('keeps long keys short (hashed)', async () => {
    const long = `POST/api/v1/${'x'.repeat(400)}`;
    expect((await incrementCounter(t.deps.db, long, 60_000)).current).toBe(1);
    expect((await incrementCounter(t.deps.db, long, 60_000)).current).toBe(2);
    const row = await t.deps.db
      .selectFrom('rateLimitCounters')
      .select('key')
      .where('key', 'like', '#%')
      .executeTakeFirstOrThrow();
    expect(row.key.length).toBeLessThan(60);
  });
});
