import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { eventually, readText, signIn, tid, useLanguage } from './helpers.js';

/**
 * Issue 8 §1 in the browser: the Ministry registers an app and sees its secret once; the school administrator
 * switches it on for the school; a parent signs in to it through the v2 login (as a third-party app would), finds
 * it under "Apps with access" and revokes it — after which the app's token answers 401 invalidToken.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('API clients', () => {
  test('registered by the Ministry, enabled by a school, revoked by the parent who used it', async () => {
    const name = `Diary bot ${Date.now()}`;
    const base = inject('baseUrl');

    // The Ministry registers the app; the secret is shown once.
    const ministry = await openPage(browser);
    await signIn(ministry.page, DEMO_USERS.ministryAdmin.username, DEMO_PASSWORD);
    await useLanguage(ministry.page, 'en');
    await ministry.page.goto('/api-clients');
    await tid(ministry.page, 'api-client-add').click();
    await tid(ministry.page, 'api-client-name').fill(name);
    await tid(ministry.page, 'api-client-save').click();
    const clientId = (await readText(tid(ministry.page, 'api-client-id'))).trim();
    const clientSecret = (await readText(tid(ministry.page, 'api-client-secret'))).trim();
    expect(clientId.length).toBeGreaterThan(7);
    expect(clientSecret.length).toBeGreaterThan(20);

    const login = () =>
      fetch(`${base}/v2/authorizations/bycredentials`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: DEMO_USERS.parent.username,
          password: DEMO_PASSWORD,
          client_id: clientId,
          client_secret: clientSecret,
          scope: 'CommonInfo,EducationalInfo',
        }),
      });
    // Not yet enabled by any of the parent's schools: the login is refused the documented way.
    const refused = await login();
    expect(refused.status).toBe(401);
    expect((await refused.json()).type).toBe('authorizationFailed');

    // The school administrator switches it on for the school.
    const school = await openPage(browser);
    await signIn(school.page, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);
    await useLanguage(school.page, 'en');
    await school.page.goto('/school/apps');
    const card = school.page.locator('[data-testid^="school-app-"]').filter({ hasText: name }).first();
    await card.waitFor();
    const toggle = card.locator('input[type="checkbox"]');
    expect(await toggle.isChecked()).toBe(false);
    await toggle.evaluate((el: HTMLInputElement) => el.click());
    await eventually(() => toggle.isChecked()).toBe(true);
    await school.page.waitForLoadState('networkidle');

    // A third-party app signs the parent in and reads her context with the token.
    const res = await login();
    expect(res.status).toBe(200);
    const granted = (await res.json()) as { accessToken: string; user: number; user_str: string };
    expect(granted.user_str).toBe(String(granted.user));
    const me = () => fetch(`${base}/v2/users/me`, { headers: { 'Access-Token': granted.accessToken } });
    expect((await me()).status).toBe(200);

    // The parent finds the app among those with access and revokes it.
    const parent = await openPage(browser);
    await signIn(parent.page, DEMO_USERS.parent.username, DEMO_PASSWORD);
    await useLanguage(parent.page, 'en');
    await parent.page.goto('/settings/apps');
    const app = parent.page.locator('[data-testid^="my-app-"]').filter({ hasText: name }).first();
    await app.waitFor();
    await app.locator('[data-testid^="my-app-revoke-"]').click();
    await app.waitFor({ state: 'detached' });

    const after = await me();
    expect(after.status).toBe(401);
    expect((await after.json()).type).toBe('invalidToken');
  });
});
