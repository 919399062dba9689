import { resources } from '@common/i18n/index.js';
import type { Me } from '@common/schemas/auth.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { api, eventually, expectNoHorizontalScroll, makeIin, readText, signInPatiently, tid } from './helpers.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const uiLang = (page: Page) => page.evaluate(() => document.documentElement.lang as 'kk' | 'ru' | 'en');

describe('registration with temporary credentials', () => {
  test('a new student checks the data (asks for a correction), sets a password, accepts the agreement and reaches the cabinet', async () => {
    // The school administrator adds the student through the form and reads the one-time credentials.
    const admin = (await openPage(browser)).page;
    await signInPatiently(admin, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);
    const me = (await api<Me>(admin, '/api/v1/me')).body;
    const schoolId = me.context!.institutionId;
    await admin.goto(`/people/new?institutionId=${schoolId}`);
    const surname = 'Тіркелушева';
    await tid(admin, 'person-surname').fill(surname);
    await tid(admin, 'person-first-name').fill('Айжан');
    await tid(admin, 'person-patronymic').fill('Қайратқызы');
    await tid(admin, 'person-birth-date').fill('2012-09-21');
    await tid(admin, 'person-gender').selectOption('female');
    await tid(admin, 'person-iin').fill(makeIin('2012-09-21', 'female', 6100));
    await eventually(() => tid(admin, 'membership-institution').inputValue()).toBe(String(schoolId));
    await tid(admin, 'membership-profile').selectOption('student');
    await tid(admin, 'person-submit').click();
    const username = await readText(tid(admin, 'credentials-username'));
    const temporary = await readText(tid(admin, 'credentials-password'));
    await tid(admin, 'credentials-done').click();
    await admin.waitForURL(/\/people\/\d+$/);
    const studentId = Number(new URL(admin.url()).pathname.split('/').pop());

    // The student, on a phone, signs in with the temporary credentials: the wizard, not the cabinet.
    const student = (await openPage(browser, { viewport: { width: 360, height: 740 } })).page;
    await signInPatiently(student, username, temporary);
    await tid(student, 'registration-wizard').waitFor();
    expect(await tid(student, 'home-greeting').count()).toBe(0);
    expect(await readText(tid(student, 'reg-surname'))).toBe(surname);
    expect(await readText(tid(student, 'reg-first-name'))).toBe('Айжан');
    await expectNoHorizontalScroll(student, 'registration wizard at 360 px');

    // Step 1: the first name is spelled wrong → a correction request; the wizard goes on.
    await tid(student, 'reg-data-wrong').click();
    await tid(student, 'correction-first-name').fill('Айжаң');
    await tid(student, 'correction-comment').fill('Туу туралы куәлікте «Айжаң» деп жазылған');
    await tid(student, 'correction-submit').click();
    await tid(student, 'reg-correction-sent').waitFor();
    await tid(student, 'reg-data-ok').click();

    // Step 2: a password of their own.
    const password = 'Көктем-жаңбыры-2026';
    await tid(student, 'reg-new-password').fill(password);
    await tid(student, 'reg-repeat-password').fill(password);
    await tid(student, 'reg-password-next').click();

    // Step 3: the agreement in the student's language; pressing "Register" is the acceptance.
    const lang = await uiLang(student);
    const agreement = (await api<{ text: Record<string, string> }>(student, '/api/v1/agreements/current')).body;
    const firstLine = agreement.text[lang]!.split('\n')[0]!;
    await eventually(() => readText(tid(student, 'reg-agreement-text'))).toContain(firstLine);
    expect(await readText(tid(student, 'reg-accepting'))).toBe(resources[lang].registration.wizard.agreement.accepting);
    // A minor whose parent has not consented: told, not stopped.
    await tid(student, 'reg-minor-notice').waitFor();
    await expectNoHorizontalScroll(student, 'agreement step at 360 px');
    await tid(student, 'reg-submit').click();

    // The cabinet.
    await tid(student, 'home-greeting').waitFor();
    expect((await api<Me>(student, '/api/v1/me')).body.requiredActions).toEqual([]);
    await tid(student, 'consent-notice').waitFor();

    // The temporary password no longer works; the new one does.
    await tid(student, 'signout').click();
    await student.waitForURL(/\/sign-in/);
    let refused = 429;
    while (refused === 429) {
      await tid(student, 'signin-username').fill(username);
      await tid(student, 'signin-password').fill(temporary);
      const [response] = await Promise.all([
        student.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-in')),
        tid(student, 'signin-submit').click(),
      ]);
      refused = response.status();
      if (refused === 429)
        await new Promise((r) => setTimeout(r, Number(response.headers()['retry-after']) * 1000 + 500));
    }
    expect(refused).toBe(401);
    await tid(student, 'signin-error').waitFor();
    expect(new URL(student.url()).pathname).toBe('/sign-in');
    await signInPatiently(student, username, password);
    await tid(student, 'home-greeting').waitFor();

    // The administrator sees the request and applies it; the person's data change.
    await admin.goto('/');
    await tid(admin, 'nav-corrections').click();
    await admin.waitForURL((url) => url.pathname === '/corrections');
    const card = admin.locator('[data-testid^="correction-card-"]').filter({ hasText: surname });
    await card.waitFor();
    expect(await readText(card)).toContain('Айжаң');
    const cardId = Number((await card.getAttribute('data-testid'))!.replace('correction-card-', ''));
    await tid(admin, `correction-apply-${cardId}`).click();
    await tid(admin, 'correction-answer').fill('Түзетілді');
    await tid(admin, 'correction-confirm').click();
    await eventually(() => card.count()).toBe(0);
    await admin.goto(`/people/${studentId}`);
    await eventually(() => readText(tid(admin, 'person-name'))).toContain('Айжаң');

    // The student sees the answer on their profile.
    await student.goto('/profile');
    const status = tid(student, `my-correction-status-${cardId}`);
    await eventually(() => readText(status)).toBe(
      resources[await uiLang(student)].registration.corrections.status.resolved,
    );
  });
});
