import { resources } from '@common/i18n/index.js';
import type { SchoolYear } from '@common/schemas/school-year.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { api, eventually, expectNoHorizontalScroll, readText, signIn, tid, useLanguage } from './helpers.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const kk = resources.kk as unknown as {
  school: Record<string, Record<string, string>>;
  errors: { schoolYear: Record<string, string> };
};

describe('the school year', () => {
  test('an administrator on a phone creates 2025–26 from the national calendar, adjusts it and closes it', async () => {
    const { page } = await openPage(browser, { viewport: { width: 360, height: 740 } });
    await signIn(page, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);
    await useLanguage(page, 'kk');
    await page.goto('/school-year');

    // Create the year from the Ministry's calendar.
    await tid(page, 'year-create').click();
    await tid(page, 'year-create-template').selectOption('2025');
    await tid(page, 'year-create-submit').click();
    await page.waitForURL((url) => url.searchParams.has('year'));
    const yearId = Number(new URL(page.url()).searchParams.get('year'));
    const yearUrl = `/api/v1/school-years/${yearId}`;

    // Quarters, the grade-1 extra February week and the 1 September day off came with it.
    await tid(page, 'period-quarter-4').waitFor();
    const extraWeek = tid(page, 'dayoff-2026-02-09');
    expect(await readText(extraWeek)).toContain('1');
    await tid(page, 'dayoff-2025-09-01').waitFor();
    await expectNoHorizontalScroll(page, '/school-year at 360 px');

    // A day off of the school's own, for grades 9 and 11 only.
    await tid(page, 'dayoff-add').click();
    await tid(page, 'dayoff-name').fill('Сынақ ҰБТ');
    await tid(page, 'dayoff-starts').fill('2026-04-10');
    await tid(page, 'dayoff-all-grades').uncheck();
    await tid(page, 'dayoff-grade-9').click();
    await tid(page, 'dayoff-grade-11').click();
    await tid(page, 'dayoff-submit').click();
    await tid(page, 'dayoff-2026-04-10').waitFor();
    expect(await readText(tid(page, 'dayoff-2026-04-10'))).toContain('9, 11');

    // A refused period edit says why, in Kazakh; nothing is saved.
    await tid(page, 'periods-edit').click();
    await tid(page, 'period-quarter-2').locator('input').first().fill('2025-10-20');
    await tid(page, 'periods-save').click();
    await tid(page, 'periods-error').waitFor();
    expect(await readText(tid(page, 'periods-error'))).toBe(
      kk.errors.schoolYear.quarterOverlap!.replace('{{number}}', '2').replace('{{previous}}', '1'),
    );

    // Two shifts, then the bells of the first one.
    await tid(page, 'week-shifts').getByText('2', { exact: true }).click();
    await tid(page, 'week-save').click();
    await tid(page, 'bells-tab-2').waitFor();
    await tid(page, 'bells-add-1').click();
    await tid(page, 'bells-add-1').click();
    await tid(page, 'bells-save').click();
    await eventually(async () => (await api<SchoolYear>(page, yearUrl)).body.bells).toEqual([
      {
        shift: 1,
        lessons: [
          { number: 1, startsAt: '08:00', endsAt: '08:45' },
          { number: 2, startsAt: '08:55', endsAt: '09:40' },
        ],
      },
    ]);
    const year = (await api<SchoolYear>(page, yearUrl)).body;
    expect(year.shifts).toBe(2);
    expect(year.periods.find((p) => p.kind === 'quarter' && p.number === 2)?.startsOn).toBe('2025-11-03');
    await expectNoHorizontalScroll(page, '/school-year with the bell editor at 360 px');

    // Closing asks first, then leaves a read-only archive.
    await tid(page, 'year-close').click();
    await tid(page, 'confirm-submit').click();
    await tid(page, 'year-closed-note').waitFor();
    expect(await readText(tid(page, 'year-status'))).toBe(kk.school.status!.closed);
    expect(await tid(page, 'dayoff-add').count()).toBe(0);
    expect(await tid(page, 'year-close').count()).toBe(0);
    expect((await api<SchoolYear>(page, yearUrl)).body.status).toBe('closed');
  });

  test('a teacher reads the year without any edit controls', async () => {
    const { page } = await openPage(browser, { viewport: { width: 360, height: 740 } });
    await signIn(page, DEMO_USERS.teacher.username, DEMO_PASSWORD);
    await page.goto('/school-year');
    await tid(page, 'year-picker').waitFor();
    await tid(page, 'periods-section').waitFor();
    expect(await tid(page, 'year-create').count()).toBe(0);
    expect(await tid(page, 'periods-edit').count()).toBe(0);
    expect(await tid(page, 'dayoff-add').count()).toBe(0);
    expect(await tid(page, 'week-save').count()).toBe(0);
    await expectNoHorizontalScroll(page, '/school-year for a reader at 360 px');
  });
});
