import type { MyTimetable } from '@common/schemas/timetable.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { api, eventually, expectNoHorizontalScroll, signIn, tid } from './helpers.js';

/** Issue 4 §3: a student of the demo school reads this week's lessons on a phone, then the next week's. */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type Lang = 'kk' | 'ru' | 'en';
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('my timetable', () => {
  test('student.demo sees the week of «5 Ә» day by day at 360 px, and the next week', async () => {
    const { page } = await openPage(browser, { viewport: { width: 360, height: 740 } });
    await signIn(page, DEMO_USERS.student.username, DEMO_PASSWORD);
    await page.goto('/my-timetable');
    await tid(page, 'week-range').waitFor();
    const lang = (await page.evaluate(() => document.documentElement.lang)) as Lang;

    // The page shows what the server says this week holds: each day's lessons in that day's card.
    const week = (await api<MyTimetable>(page, '/api/v1/me/timetable')).body;
    expect(week.view).toBe('student');
    expect(week.lessons.length).toBeGreaterThan(0);
    expect(new Set(week.lessons.map((l) => l.classLabel))).toEqual(new Set(['5 Ә']));
    for (const date of new Set(week.lessons.map((l) => l.date))) {
      const card = tid(page, `day-${date}`);
      const expected = week.lessons.filter((l) => l.date === date);
      await eventually(() => card.locator('[data-testid^="lesson-"][data-status]').count()).toBe(expected.length);
      for (const subject of new Set(expected.map((l) => l.subject[lang]))) {
        await card.getByText(subject, { exact: true }).first().waitFor();
      }
    }
    expect(await tid(page, 'my-child').count()).toBe(0);
    await expectNoHorizontalScroll(page, '/my-timetable of a student at 360 px');

    // The next week.
    await tid(page, 'week-next').click();
    const nextMonday = addDays(week.from, 7);
    await tid(page, `day-${nextMonday}`).waitFor();
    const next = (await api<MyTimetable>(page, `/api/v1/me/timetable?from=${nextMonday}`)).body;
    const mondayLessons = next.lessons.filter((l) => l.date === nextMonday).length;
    await eventually(() =>
      tid(page, `day-${nextMonday}`).locator('[data-testid^="lesson-"][data-status]').count(),
    ).toBe(mondayLessons);
    await expectNoHorizontalScroll(page, '/my-timetable next week at 360 px');
  });
});
