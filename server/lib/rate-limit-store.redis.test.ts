import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../app.js';
import { createTestApp, type TestApp } from '../test/harness.js';

/**
 * The Redis store with a real Redis: runs only when REDIS_URL is set (.ci/run starts a local redis-server and runs
 * this file with it). Two app instances share the counter through Redis, as two machines would.
 */
const REDIS_URL = process.env.REDIS_URL;

describe.skipIf(!REDIS_URL)('Redis rate-limit store shared by two app instances', () => {
  let t: TestApp;
  let second: App;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_STORE: 'redis', REDIS_URL: REDIS_URL!, RATE_LIMIT_SIGNIN_PER_MINUTE: '3' });
    second = await buildApp({ ...t.deps });
    await second.ready();
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('counts sign-in attempts of one address across both instances: the 4th gets 429', async () => {
    // Counters outlive a test run in Redis for a minute: a fresh address per run.
    const address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
    const attempt = (app: App) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'nobody-here', password: 'guess-guess' },
        remoteAddress: address,
      });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt(i % 2 === 0 ? t.app : second)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await attempt(second);
    expect(limited.json()).toMatchObject({ code: 'rateLimited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
