import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../../db/demo/logins.js';
import { seedDemo } from '../../db/seed-demo.js';
import { createTestApp, signIn, type TestApp } from '../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps.db, t.deps.hasher);
});
afterAll(() => t.close());

describe('demo data', () => {
  it('publishes version 1 of our agreement in three languages, accepted by every demo user', async () => {
    const current = await t.app.inject({ method: 'GET', url: '/api/v1/agreements/current' });
    expect(current.statusCode).toBe(200);
    const v = current.json();
    expect(v.label).toBe('1');
    expect(v.text.kk).toMatch(/Dapter/);
    expect(v.text.kk).toMatch(/келісім/i);
    expect(v.text.ru).toMatch(/согласи/);
    expect(v.text.en).toMatch(/consent/);
    for (const { username } of Object.values(DEMO_USERS)) {
      const c = await signIn(t.app, username, DEMO_PASSWORD);
      expect((await c.get('/api/v1/me')).json().requiredActions, username).toEqual([]);
    }
    const student = await signIn(t.app, DEMO_USERS.student.username, DEMO_PASSWORD);
    expect((await student.get('/api/v1/registration')).json().consent).toEqual({ required: true, given: true });
  });
});
