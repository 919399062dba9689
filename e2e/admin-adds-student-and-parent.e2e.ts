import { resources } from '@common/i18n/index.js';
import type { Me } from '@common/schemas/auth.js';
import type { Institution, InstitutionDetail } from '@common/schemas/institutions.js';
import type { PersonSummary } from '@common/schemas/persons.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import {
  api,
  completeRegistration,
  eventually,
  expectNoHorizontalScroll,
  flatten,
  inViewport,
  makeIin,
  readText,
  signIn,
  switchLanguage,
  tid,
} from './helpers.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The UI language in force (the app keeps <html lang> in sync). */
const uiLang = (page: Page) => page.evaluate(() => document.documentElement.lang as 'kk' | 'ru' | 'en');
const localName = (i: { nameKk: string; nameRu: string; nameEn: string }, lang: 'kk' | 'ru' | 'en') =>
  ({ kk: i.nameKk, ru: i.nameRu, en: i.nameEn })[lang];
const pathOf = (page: Page) => new URL(page.url()).pathname;
const idFromPath = (page: Page, prefix: string) => {
  const match = new RegExp(`^${prefix}/(\\d+)$`).exec(pathOf(page));
  if (!match) throw new Error(`expected ${prefix}/<id>, at ${page.url()}`);
  return Number(match[1]);
};

interface NewPerson {
  surname: string;
  firstName: string;
  patronymic: string;
  birthDate: string;
  gender: 'male' | 'female';
  profile: 'student' | 'parent';
}

/** Fills the add-person form, submits, reads the one-time credentials and returns to the new person's page. */
async function addPerson(page: Page, schoolId: number, person: NewPerson, serial: number) {
  await tid(page, 'person-surname').fill(person.surname);
  await tid(page, 'person-first-name').fill(person.firstName);
  await tid(page, 'person-patronymic').fill(person.patronymic);
  await tid(page, 'person-birth-date').fill(person.birthDate);
  await tid(page, 'person-gender').selectOption(person.gender);
  await tid(page, 'person-iin').fill(makeIin(person.birthDate, person.gender, serial));
  // "Add person here" preselects the school; choosing it again keeps the test honest if it did not.
  await tid(page, 'membership-institution').selectOption(String(schoolId));
  await tid(page, 'membership-profile').selectOption(person.profile);
  await tid(page, 'person-submit').click();

  const username = await readText(tid(page, 'credentials-username'));
  const password = await readText(tid(page, 'credentials-password'));
  expect(username).toMatch(/\S/);
  expect(password.length).toBeGreaterThanOrEqual(8);
  await tid(page, 'credentials-done').click();
  await page.waitForURL(/\/people\/\d+$/);
  const id = idFromPath(page, '/people');
  await eventually(() => readText(tid(page, 'person-name'))).toContain(person.surname);
  return { id, username, password };
}

describe('school administrator adds a student and a parent', () => {
  test('admin adds, links; the parent sees exactly their child and nothing else', async () => {
    const { page } = await openPage(browser);
    await page.goto('/sign-in');
    await signIn(page, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);

    const me = (await api<Me>(page, '/api/v1/me')).body;
    expect(me.context?.institutionKind).toBe('school');
    const schoolId = me.context!.institutionId;
    const schoolName = me.context!.institutionName;

    // Language: Russian, then English; the nav label follows the shared resources (not hard-coded strings).
    const navInstitutions = tid(page, 'nav-institutions');
    await navInstitutions.waitFor();
    const before = { lang: await uiLang(page), label: await readText(navInstitutions) };
    const en = flatten(resources.en);
    const ru = flatten(resources.ru);
    const ruStrings = new Set(ru.values());
    await switchLanguage(page, 'ru');
    await eventually(() => readText(navInstitutions)).toSatisfy(
      (label: string) => ruStrings.has(label) && (before.lang === 'ru' || label !== before.label),
    );
    const ruLabel = await readText(navInstitutions);
    await switchLanguage(page, 'en');
    await eventually(() => readText(navInstitutions)).not.toBe(ruLabel);
    const enLabel = await readText(navInstitutions);
    const keys = [...en].filter(([, text]) => text === enLabel).map(([key]) => key);
    expect(keys.length, `"${enLabel}" is not a string of the en resources`).toBeGreaterThan(0);
    // The same key in both languages: the Russian label was the translation of this English one.
    expect(keys.map((key) => ru.get(key))).toContain(ruLabel);

    // Institutions: find the school through the search box and open it.
    await navInstitutions.click();
    await page.waitForURL(/\/institutions(\/\d+)?$/);
    await tid(page, 'institution-search').fill(schoolName.en);
    await tid(page, `institution-row-${schoolId}`).click();
    await page.waitForURL(new RegExp(`/institutions/${schoolId}$`));
    await eventually(() => readText(tid(page, 'institution-title'))).toContain(schoolName.en);

    // "Add person here" → the form, preset to this school.
    await tid(page, 'add-person-button').click();
    await page.waitForURL((url) => url.pathname === '/people/new');
    expect(new URL(page.url()).searchParams.get('institutionId')).toBe(String(schoolId));
    await eventually(() => tid(page, 'membership-institution').inputValue()).toBe(String(schoolId));

    const student = await addPerson(
      page,
      schoolId,
      {
        surname: 'Сапарова',
        firstName: 'Аружан',
        patronymic: 'Ерланқызы',
        birthDate: '2015-04-12',
        gender: 'female',
        profile: 'student',
      },
      4100,
    );

    await page.goto(`/people/new?institutionId=${schoolId}`);
    const parent = await addPerson(
      page,
      schoolId,
      {
        surname: 'Сапаров',
        firstName: 'Ерлан',
        patronymic: 'Болатұлы',
        birthDate: '1986-09-03',
        gender: 'male',
        profile: 'parent',
      },
      4200,
    );
    expect(parent.id).not.toBe(student.id);

    // On the student's page: link the parent.
    await page.goto(`/people/${student.id}`);
    await tid(page, 'link-parent-button').click();
    const select = tid(page, 'link-parent-select');
    await select.locator(`option[value="${parent.id}"]`).waitFor({ state: 'attached' });
    await select.selectOption(String(parent.id));
    await tid(page, 'link-relation').selectOption('father');
    await tid(page, 'link-submit').click();
    await tid(page, `parent-row-${parent.id}`).waitFor();

    // Another student of the same school, to prove the parent cannot open them.
    const students = await api<{ items: PersonSummary[] }>(
      page,
      `/api/v1/persons?institutionId=${schoolId}&profile=student&limit=200`,
    );
    expect(students.status).toBe(200);
    const otherStudent = students.body.items.find((p) => p.id !== student.id);
    expect(otherStudent, 'the demo school has other students').toBeDefined();

    await tid(page, 'signout').click();
    await page.waitForURL(/\/sign-in/);

    // The new parent, with the temporary credentials.
    await signIn(page, parent.username, parent.password);
    // First sign-in with temporary credentials: the registration wizard, then the cabinet.
    await completeRegistration(page);
    await page.goto('/children');
    await tid(page, `child-card-${student.id}`).waitFor();
    const cards = page.locator('[data-testid^="child-card-"]');
    expect(await cards.count()).toBe(1);
    expect(await readText(cards.first())).toContain('Аружан');

    // Someone else's child: the page says not found, and so does the API (404, not 403).
    await page.goto(`/people/${otherStudent!.id}`);
    // Whatever wording the page picks, it is one of the "not found" strings of the current language.
    const lang = await uiLang(page);
    const notFoundTexts = [...flatten(resources[lang])]
      .filter(([key]) => /(^|\.)notFound(\.(title|text))?$/.test(key))
      .map(([, text]) => text.replace(/[.!]$/, ''));
    await eventually(async () => {
      const body = await readText(page.locator('body'));
      return (
        notFoundTexts.find((text) => body.includes(text)) ?? `none of ${JSON.stringify(notFoundTexts)} in the page`
      );
    }).toBeOneOf(notFoundTexts);
    expect(await tid(page, 'person-name').count()).toBe(0);
    const direct = await api(page, `/api/v1/persons/${otherStudent!.id}`);
    expect(direct.status).toBe(404);
  });

  test('district administrator browses down to a school on a 360 px phone', async () => {
    const { page } = await openPage(browser, { viewport: { width: 360, height: 740 } });
    await page.goto('/sign-in');
    await expectNoHorizontalScroll(page, 'sign-in');
    await signIn(page, DEMO_USERS.districtAdmin.username, DEMO_PASSWORD);
    await expectNoHorizontalScroll(page, 'home');

    const me = (await api<Me>(page, '/api/v1/me')).body;
    expect(me.context?.institutionKind).toBe('district');
    const districtId = me.context!.institutionId;
    const schools = await api<{ items: Institution[] }>(
      page,
      `/api/v1/institutions?parentId=${districtId}&kind=school`,
    );
    const school = schools.body.items[0];
    expect(school, 'the demo district has schools').toBeDefined();

    // On a phone the navbar is collapsed behind the burger.
    const navInstitutions = tid(page, 'nav-institutions');
    expect(await inViewport(navInstitutions)).toBe(false);
    await tid(page, 'nav-burger').click();
    await eventually(() => inViewport(navInstitutions)).toBe(true);
    await navInstitutions.click();
    await page.waitForURL(/\/institutions(\/\d+)?$/);
    await expectNoHorizontalScroll(page, 'institutions');

    // The top of the scope is the district; open it unless the page already did.
    const districtRow = tid(page, `institution-row-${districtId}`);
    await eventually(
      async () => pathOf(page) === `/institutions/${districtId}` || (await districtRow.isVisible()),
    ).toBe(true);
    if (pathOf(page) !== `/institutions/${districtId}`) {
      await tid(page, `institution-row-${districtId}`).click();
      await page.waitForURL(new RegExp(`/institutions/${districtId}$`));
    }
    const district = (await api<InstitutionDetail>(page, `/api/v1/institutions/${districtId}`)).body;
    await eventually(() => readText(tid(page, 'institution-title'))).toContain(localName(district, await uiLang(page)));
    await expectNoHorizontalScroll(page, 'district');

    await tid(page, `institution-row-${school!.id}`).click();
    await page.waitForURL(new RegExp(`/institutions/${school!.id}$`));
    await eventually(() => readText(tid(page, 'institution-title'))).toContain(localName(school!, await uiLang(page)));
    await expectNoHorizontalScroll(page, 'school');
  });
});
