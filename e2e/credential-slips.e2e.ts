import { readFileSync } from 'node:fs';
import type { Me } from '@common/schemas/auth.js';
import type { Browser, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { api, eventually, expectNoHorizontalScroll, makeIin, readText, signIn, tid } from './helpers.js';

/**
 * Issue 3 §1 in the browser: the school administrator creates a student and prints the credential slip — a
 * real PDF made by the server — and creates a class from a pasted list, then prints all its slips 8 to a page.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const isSlipsResponse = (r: Response) =>
  r.url().endsWith('/api/v1/credentials/slips') && r.request().method() === 'POST';

/** Clicks a print button and returns what the server sent and what the browser saved. */
async function printAndCapture(page: Page, testId: string) {
  const [response, download] = await Promise.all([
    page.waitForResponse(isSlipsResponse),
    page.waitForEvent('download'),
    tid(page, testId).click(),
  ]);
  // The browser saved the document (a response that became a download has no body for Playwright to read).
  const path = await download.path();
  const body = readFileSync(path);
  return { response, body, download };
}

function expectPdf(res: { response: Response; body: Buffer }, minPages: number) {
  expect(res.response.status()).toBe(200);
  expect(res.response.headers()['content-type']).toBe('application/pdf');
  expect(res.response.headers()['cache-control']).toBe('no-store');
  expect(res.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // A real document with an embedded font, not an error page: tens of kilobytes.
  expect(res.body.length).toBeGreaterThan(10_000);
  const pages = res.body.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? [];
  expect(pages.length).toBe(minPages);
}

describe('credential slips', () => {
  test('the school administrator creates a student and prints the slip as a PDF', async () => {
    const { page } = await openPage(browser);
    await signIn(page, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);
    const me = (await api<Me>(page, '/api/v1/me')).body;
    const schoolId = me.context!.institutionId;

    await page.goto(`/people/new?institutionId=${schoolId}`);
    await tid(page, 'person-surname').fill('Бекқожина');
    await tid(page, 'person-first-name').fill('Әйгерім');
    await tid(page, 'person-patronymic').fill('Ғалымқызы');
    await tid(page, 'person-iin').fill(makeIin('2016-02-29', 'female', 5100));
    await eventually(() => tid(page, 'person-birth-date').inputValue()).toBe('2016-02-29');
    await tid(page, 'membership-institution').selectOption(String(schoolId));
    await tid(page, 'membership-profile').selectOption('student');
    await tid(page, 'person-submit').click();

    const username = await readText(tid(page, 'credentials-username'));
    expect(username).toMatch(/^bekkozhina\.a\d*$/);
    const slip = await printAndCapture(page, 'print-slip');
    expectPdf(slip, 1);
    expect(slip.download.suggestedFilename()).toMatch(/\.pdf$/);
    // The request carried the password shown on screen; the server verified it before printing.
    const sent = slip.response.request().postDataJSON() as { items: Array<{ temporaryPassword: string }> };
    expect(sent.items[0]!.temporaryPassword).toBe(await readText(tid(page, 'credentials-password')));

    await tid(page, 'credentials-done').click();
    await page.waitForURL(/\/people\/\d+$/);
  });

  test('a class from a pasted list: preview with problems, fix, create, print all slips 8 to a page', async () => {
    const { page } = await openPage(browser, { viewport: { width: 360, height: 780 } });
    await signIn(page, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);
    await page.goto('/people');
    await tid(page, 'bulk-add-button').click();
    await page.waitForURL((url) => url.pathname === '/people/bulk');
    await tid(page, 'bulk-profile').selectOption('student');

    const iin = makeIin('2017-06-15', 'male', 5200);
    const rows = [
      'Тегі\tАты\tӘкесінің аты\tТуған күні\tЖынысы\tЖСН',
      'Нұрланов\tТемірлан\tАсқарұлы\t03.03.2017\tм\t',
      `Оразова\tІңкәр\t\t\t\t${iin}`, // birth date and sex come from the IIN
      'Сейітов\tҮмбет\tҚайратұлы\t2017-11-30\tер\t',
    ];
    await tid(page, 'bulk-input').fill(rows.join('\n'));
    await eventually(() => page.locator('[data-testid^="bulk-row-"]').count()).toBe(3);
    await eventually(() => tid(page, 'bulk-row-1').getAttribute('data-problem')).toBe('false');
    // Without the IIN's date and sex the row is incomplete; with a wrong sex it contradicts the IIN.
    await tid(page, 'bulk-input').fill(rows.join('\n').replace(`\t\t\t\t${iin}`, `\t\t15.06.2017\tж\t${iin}`));
    await eventually(() => tid(page, 'bulk-row-1').getAttribute('data-problem')).toBe('true');
    await expect(tid(page, 'bulk-submit').isDisabled()).resolves.toBe(true);
    await expectNoHorizontalScroll(page, '/people/bulk at 360 px');

    await tid(page, 'bulk-input').fill(rows.join('\n'));
    await eventually(() => page.locator('[data-testid^="bulk-row-"][data-problem="true"]').count()).toBe(0);
    await tid(page, 'bulk-submit').click();
    await tid(page, 'bulk-results').waitFor();
    const usernames = await page.locator('[data-testid="bulk-result-username"]').allInnerTexts();
    expect(usernames).toHaveLength(3);
    expect(new Set(usernames).size).toBe(3);

    await tid(page, 'slips-per-page').getByText('8', { exact: true }).click();
    const all = await printAndCapture(page, 'print-all-slips');
    expectPdf(all, 1);
    expect((all.response.request().postDataJSON() as { perPage: number }).perPage).toBe(8);

    // The new students are on the school's list. On a phone the "slips downloaded" toast sits over the bottom of
    // the page for a few seconds; dismiss it as a person would before tapping the button under it.
    for (const close of await page.locator('.mantine-Notification-closeButton').all()) {
      await close.click({ timeout: 2000 }).catch(() => {}); // it may have closed by itself meanwhile
    }
    await tid(page, 'bulk-done').click();
    await page.waitForURL((url) => url.pathname === '/people');
    const listed = await api<{ items: Array<{ surname: string }> }>(page, '/api/v1/persons?q=Оразова');
    expect(listed.body.items.map((p) => p.surname)).toContain('Оразова');
  });
});
