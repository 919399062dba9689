import type { Me } from '@common/schemas/auth.js';
import type { PersonDetail, zPersonCreated } from '@common/schemas/persons.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { api, eventually, makeIin, signIn, tid } from './helpers.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type PersonCreated = z.infer<typeof zPersonCreated>;
const pathOf = (page: Page) => new URL(page.url()).pathname;

/** A write from inside the page with its session cookie and CSRF token (what the web app itself sends). */
async function apiPost<T>(page: Page, path: string, body: unknown): Promise<{ status: number; body: T }> {
  const me = await api<Me>(page, '/api/v1/me');
  return page.evaluate(
    async ({ url, payload, csrf }) => {
      const response = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(payload),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as never };
    },
    { url: path, payload: body, csrf: me.body.csrfToken },
  );
}

/**
 * A new student of the demo school, added by its administrator (the demo student stays as other tests expect).
 * Returns what the administrator got: the person and the one-time credentials.
 */
async function addStudent(adminPage: Page, surname: string, serial: number) {
  const me = (await api<Me>(adminPage, '/api/v1/me')).body;
  const schoolId = me.context!.institutionId;
  const created = await apiPost<PersonCreated>(adminPage, '/api/v1/persons', {
    surname,
    firstName: 'Дамир',
    birthDate: '2014-03-15',
    gender: 'male',
    iin: makeIin('2014-03-15', 'male', serial),
    membership: { institutionId: schoolId, profile: 'student' },
  });
  expect(created.status).toBe(201);
  return created.body;
}

/** The student signs in in their own browser and is inside the app (whatever first step it asks for). */
async function studentSignsIn(credentials: { username: string; temporaryPassword: string }) {
  const { page } = await openPage(browser);
  await page.goto('/sign-in');
  await signIn(page, credentials.username, credentials.temporaryPassword);
  expect((await api(page, '/api/v1/me')).status).toBe(200);
  expect(pathOf(page)).not.toBe('/sign-in');
  return page;
}

describe('ending access', () => {
  test('the administrator ends a student’s membership ("transfer"); the student’s next navigation lands on sign-in', async () => {
    const admin = (await openPage(browser)).page;
    await admin.goto('/sign-in');
    await signIn(admin, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);
    const created = await addStudent(admin, 'Ауысатын', 5100);
    const student = await studentSignsIn(created.credentials);

    // The administrator, on the student's page: end the membership for the reason "transfer".
    const membershipId = created.person.memberships[0]!.id;
    await admin.goto(`/people/${created.person.id}`);
    await tid(admin, `membership-end-${membershipId}`).click();
    await tid(admin, 'end-reason').selectOption('transfer');
    await tid(admin, 'end-submit').click();
    await tid(admin, `membership-end-${membershipId}`).waitFor({ state: 'detached' });
    const detail = await api<PersonDetail>(admin, `/api/v1/persons/${created.person.id}`);
    expect(detail.body.memberships[0]).toMatchObject({ id: membershipId, endReason: 'transfer' });

    // The student had no other membership: the session is over, the next navigation shows sign-in.
    await student.goto('/profile');
    await eventually(() => pathOf(student)).toBe('/sign-in');
    await tid(student, 'signin-username').waitFor();
    expect((await api(student, '/api/v1/me')).status).toBe(401);
  });

  test('the administrator deletes a profile; the person is signed out and gone from the lists', async () => {
    const admin = (await openPage(browser)).page;
    await admin.goto('/sign-in');
    await signIn(admin, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);
    const created = await addStudent(admin, 'Жойылатынұлы', 5200);
    const student = await studentSignsIn(created.credentials);

    await admin.goto(`/people/${created.person.id}`);
    await tid(admin, 'delete-person-button').click();
    await tid(admin, 'delete-person-reason').selectOption('created_by_mistake');
    await tid(admin, 'delete-person-submit').click();
    await admin.waitForURL((url) => url.pathname === '/people');
    expect((await api(admin, `/api/v1/persons/${created.person.id}`)).status).toBe(404);

    await student.goto('/profile');
    await eventually(() => pathOf(student)).toBe('/sign-in');
    // Signing in again is impossible, with the same answer as for a wrong password.
    await tid(student, 'signin-username').fill(created.credentials.username);
    await tid(student, 'signin-password').fill(created.credentials.temporaryPassword);
    await tid(student, 'signin-submit').click();
    await eventually(async () => (await api(student, '/api/v1/me')).status).toBe(401);
    expect(pathOf(student)).toBe('/sign-in');
  });
});
