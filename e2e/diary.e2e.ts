import type { DiarySubjects, DiaryWeek } from '@common/schemas/diary.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { api, eventually, expectNoHorizontalScroll, signIn, tid, useLanguage } from './helpers.js';

/** Issue 7 §1/§3: the demo parent reads her child's diary on a phone — the week, then the marks by subject. */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('diary', () => {
  test('parent.demo sees the week and the marks tab at 360 px', async () => {
    const { page } = await openPage(browser, { viewport: { width: 360, height: 740 } });
    await signIn(page, DEMO_USERS.parent.username, DEMO_PASSWORD);
    await useLanguage(page, 'ru');
    const students = (await api<{ items: { personId: number }[] }>(page, '/api/v1/diary/students')).body.items;
    expect(students.length).toBeGreaterThan(0);
    const child = students[0]!.personId;

    await page.goto('/diary');
    await tid(page, 'diary-week-range').waitFor();
    const week = (await api<DiaryWeek>(page, `/api/v1/diary/${child}/week`)).body;
    for (const day of week.days.filter((d) => d.lessons.length > 0)) {
      const card = tid(page, `diary-day-${day.date}`);
      await eventually(() => card.locator('[data-testid^="diary-lesson-"]').count()).toBe(day.lessons.length);
      await card.getByText(day.lessons[0]!.subject, { exact: true }).first().waitFor();
    }
    await expectNoHorizontalScroll(page, '/diary week of a parent at 360 px');

    await tid(page, 'diary-tab-marks').click();
    const marks = (await api<DiarySubjects>(page, `/api/v1/diary/${child}/subjects`)).body;
    await eventually(() => page.locator('[data-testid^="diary-subject-"]:not([data-testid$="-grade"])').count()).toBe(
      marks.subjects.length,
    );
    const graded = marks.subjects.find((s) => s.grade !== null);
    if (graded) {
      const card = tid(page, `diary-subject-${graded.assignmentId}`);
      expect(await card.getByTestId('diary-subject-grade').textContent()).toBe(graded.termGrade?.grade ?? graded.grade);
    }
    await expectNoHorizontalScroll(page, '/diary marks of a parent at 360 px');
  });
});
