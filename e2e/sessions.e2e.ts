import type { MySessions } from '@common/schemas/sessions.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { api, eventually, expectNoHorizontalScroll, readText, signIn, tid } from './helpers.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const pathOf = (url: string) => new URL(url).pathname;

describe('my sessions', () => {
  test('a teacher on a phone ends the session of another browser, which is sent back to sign-in', async () => {
    const user = DEMO_USERS.teacher.username;
    const phone = await openPage(browser, { viewport: { width: 360, height: 740 } });
    const desktop = await openPage(browser);
    await signIn(phone.page, user, DEMO_PASSWORD);
    await signIn(desktop.page, user, DEMO_PASSWORD);

    const desktopSessions = await api<MySessions>(desktop.page, '/api/v1/me/sessions');
    expect(desktopSessions.status).toBe(200);
    const desktopSession = desktopSessions.body.items.find((s) => s.current)!;
    expect(desktopSession.browser).toMatch(/^Chrome \d+$/);

    // On the phone: profile → My sessions.
    const { page } = phone;
    await page.goto('/profile');
    await tid(page, 'profile-sessions-link').click();
    await page.waitForURL((url) => url.pathname === '/sessions');
    const other = tid(page, `session-${desktopSession.id}`);
    await other.waitFor();
    expect(await readText(other.getByTestId('session-device'))).toContain('Chrome');
    expect(await tid(page, 'session-current').count()).toBe(1);
    expect(await other.getByTestId('session-current').count()).toBe(0);
    await expectNoHorizontalScroll(page, '/sessions at 360 px');

    await tid(page, `session-end-${desktopSession.id}`).click();
    await other.waitFor({ state: 'detached' });
    // The phone's own session goes on.
    expect((await api(page, '/api/v1/me')).status).toBe(200);

    // The desktop's next navigation inside the app (no reload) finds its session gone and lands on sign-in.
    const d = desktop.page;
    await tid(d, 'nav-people').click();
    await eventually(() => pathOf(d.url())).toBe('/sign-in');
    // The URL changes before the lazy sign-in page renders: wait for the form, not a count at one instant.
    await tid(d, 'signin-username').waitFor();
    expect((await api(d, '/api/v1/me')).status).toBe(401);
  });

  test('"end all other sessions" keeps only this one', async () => {
    const user = DEMO_USERS.teacher.username;
    const a = await openPage(browser);
    const b = await openPage(browser);
    await signIn(a.page, user, DEMO_PASSWORD);
    await signIn(b.page, user, DEMO_PASSWORD);
    await a.page.goto('/sessions');
    await tid(a.page, 'sessions-end-others').click();
    await tid(a.page, 'confirm-submit').click();
    await tid(a.page, 'sessions-no-others').waitFor();
    expect((await api(b.page, '/api/v1/me')).status).toBe(401);
    expect((await api(a.page, '/api/v1/me')).status).toBe(200);
  });
});
