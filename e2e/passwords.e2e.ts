import { resources } from '@common/i18n/index.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { type RunningServer, startServer } from './global-setup.js';
import { api, eventually, expectNoHorizontalScroll, readText, signIn, tid } from './helpers.js';
import { linkIn, waitForMail } from './mailbox.js';

/**
 * Passwords and recovery in the browser (issue 3 §3): a reused password is refused, recovery mail arrives at the
 * test SMTP server and its link works once, and an expired password forces a change. Demo users are in Kazakh
 * unless told otherwise, so the messages checked are the Kazakh ones from the same resources the app uses.
 * Each test uses its own demo user, so the other browser tests keep theirs.
 */
const kk = resources.kk;
const errorsKk = kk.errors as unknown as { password: Record<string, string>; recovery: Record<string, string> };

let browser: Browser;
/** A second server whose passwords expire after PASSWORD_MAX_AGE_DAYS=0.0002 (≈ 17 s) from seeding. */
let shortLived: RunningServer | undefined;
let shortLivedSeededAt = 0;
const MAX_AGE_MS = 0.0002 * 24 * 3_600_000;

beforeAll(async () => {
  browser = await launchBrowser();
  shortLived = await startServer('server-short-password-age', { PASSWORD_MAX_AGE_DAYS: '0.0002' });
  shortLivedSeededAt = Date.now();
});
afterAll(async () => {
  await browser?.close();
  const result = await shortLived?.stop();
  expect(result?.code).toBe(0);
});

async function fillChangeForm(page: Page, current: string, next: string) {
  await tid(page, 'password-current').fill(current);
  await tid(page, 'password-new').fill(next);
  await tid(page, 'password-repeat').fill(next);
  await tid(page, 'password-submit').click();
}

describe('passwords', () => {
  test('a user changes the password on the profile; the old one cannot come back', async () => {
    const { page } = await openPage(browser, { viewport: { width: 360, height: 740 } });
    const username = 'director45.demo';
    await signIn(page, username, DEMO_PASSWORD);
    await page.goto('/profile');
    await tid(page, 'profile-change-password').click();
    await page.waitForURL((url) => url.pathname === '/account/password');
    await expect.poll(() => tid(page, 'password-policy').count()).toBe(1);
    await expectNoHorizontalScroll(page, '/account/password at 360 px');

    // A policy refusal first: too common.
    await fillChangeForm(page, DEMO_PASSWORD, 'password123');
    await page.getByText(errorsKk.password.common!).waitFor();

    const first = 'Қызыл алма мен жасыл шай';
    await fillChangeForm(page, DEMO_PASSWORD, first);
    await page.waitForURL((url) => url.pathname === '/profile');
    const next = 'Ақ бұлт пен көк аспан';
    await tid(page, 'profile-change-password').click();
    await fillChangeForm(page, first, next);
    await page.waitForURL((url) => url.pathname === '/profile');

    // Back to the earlier one: refused with the localised message (the last 5 passwords are remembered).
    // (The demo password itself would be refused anyway: it contains the service's name.)
    await page.goto('/account/password');
    await fillChangeForm(page, next, first);
    const reused = errorsKk.password.reused!.replace('{{count}}', '5');
    await page.getByText(reused).waitFor();
    expect(page.url()).toContain('/account/password');

    // The new password is the one in force.
    const fresh = await openPage(browser);
    await signIn(fresh.page, username, next);
    expect((await api(fresh.page, '/api/v1/me')).status).toBe(200);
  });

  test('a confirmed e-mail receives a recovery link that works once', async () => {
    const { page } = await openPage(browser);
    const username = 'director12.demo';
    const address = `director12.${Date.now()}@school12.example.kz`;
    await signIn(page, username, DEMO_PASSWORD);

    // Confirm an address: the link arrives at the test SMTP server.
    await page.goto('/profile');
    await tid(page, 'email-input').fill(address);
    await tid(page, 'email-password').fill(DEMO_PASSWORD);
    await tid(page, 'email-submit').click();
    await tid(page, 'email-pending').waitFor();
    const confirmation = await waitForMail(address, '/confirm-email#token=');
    expect(confirmation.subject).toBe(kk.passwords.mail.confirm.subject);
    await page.goto(linkIn(confirmation, '/confirm-email'));
    await tid(page, 'confirm-submit').click();
    await tid(page, 'confirm-done').waitFor();
    await page.goto('/profile');
    await eventually(() => readText(tid(page, 'email-current'))).toBe(address);
    expect(await readText(tid(page, 'email-confirmed'))).toBe(kk.passwords.email.confirmed);

    // Signed out: "Forgot password?"
    await tid(page, 'signout').click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    await tid(page, 'signin-forgot').click();
    await page.waitForURL((url) => url.pathname === '/forgot-password');
    await tid(page, 'forgot-login').fill(username);
    await tid(page, 'forgot-submit').click();
    await tid(page, 'forgot-sent').waitFor();

    const recovery = await waitForMail(address, '/reset-password#token=');
    expect(recovery.subject).toBe(kk.passwords.mail.recovery.subject);
    expect(recovery.html).toContain('/reset-password#token=');
    const link = linkIn(recovery, '/reset-password');

    const next = 'Көктемгі жаңбыр тамшысы';
    await page.goto(link);
    await tid(page, 'reset-new').fill(next);
    await tid(page, 'reset-repeat').fill(next);
    await tid(page, 'reset-submit').click();
    await tid(page, 'reset-done').waitFor();
    await tid(page, 'reset-sign-in').click();
    await signIn(page, username, next);
    expect((await api(page, '/api/v1/me')).status).toBe(200);

    // The same link a second time: refused, with the way to a new one.
    const again = await openPage(browser);
    await again.page.goto(link);
    await tid(again.page, 'reset-new').fill('Тағы бір жаңа құпиясөз');
    await tid(again.page, 'reset-repeat').fill('Тағы бір жаңа құпиясөз');
    await tid(again.page, 'reset-submit').click();
    await tid(again.page, 'reset-error').waitFor();
    expect(await readText(tid(again.page, 'reset-error'))).toBe(errorsKk.recovery.invalidToken);
  });

  test('an expired password forces a change before anything else opens', async () => {
    const server = shortLived!;
    // Demo passwords were set when that server seeded; wait until they are older than its maximum age.
    const wait = shortLivedSeededAt + MAX_AGE_MS + 1_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));

    const { page } = await openPage(browser);
    await page.goto(`${server.baseUrl}/sign-in`);
    await tid(page, 'signin-username').fill('student.demo');
    await tid(page, 'signin-password').fill(DEMO_PASSWORD);
    await tid(page, 'signin-submit').click();
    const forced = tid(page, 'forced-password-change');
    await forced.waitFor();
    expect(await readText(forced)).toContain(kk.passwords.forced.title);
    // The API agrees: nothing but the allowed routes answers.
    const blocked = await api<{ code: string; requiredActions: string[] }>(page, '/api/v1/me/children');
    expect(blocked).toEqual({
      status: 403,
      body: expect.objectContaining({ code: 'actionRequired', requiredActions: ['changePassword'] }),
    });

    await fillChangeForm(page, DEMO_PASSWORD, 'Жазғы демалыс басталды');
    await forced.waitFor({ state: 'detached' });
    await tid(page, 'signout').waitFor();
    const me = await api<{ requiredActions: string[] }>(page, '/api/v1/me');
    expect(me.body.requiredActions).toEqual([]);
  });
});
