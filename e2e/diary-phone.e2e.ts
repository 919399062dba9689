import type { DiaryDistribution, DiarySubjects, DiaryWeek } from '@common/schemas/diary.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { api, eventually, expectNoHorizontalScroll, PHONE, signIn, tid, useLanguage } from './helpers.js';

/**
 * Issue 7 §1/§3 on a phone (360 × 740): the progress picture of the marks, and the last loaded diary week offline
 * through the service worker; the app is installable (manifest) and the worker is served uncached.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function firstChild(page: Page) {
  const students = (await api<{ items: { personId: number }[] }>(page, '/api/v1/diary/students')).body.items;
  expect(students.length).toBeGreaterThan(0);
  return students[0]!.personId;
}

describe('diary on a phone', () => {
  test('the overview of all subjects and a subject’s progress chart fit 360 px', async () => {
    const { page } = await openPage(browser, { viewport: PHONE });
    await signIn(page, DEMO_USERS.parent.username, DEMO_PASSWORD);
    await useLanguage(page, 'en');
    const child = await firstChild(page);
    const marks = (await api<DiarySubjects>(page, `/api/v1/diary/${child}/subjects`)).body;
    const graded = marks.subjects.filter((s) => s.mode === 'graded');
    // The demo seed gives the child a quarter of marks in several subjects.
    expect(graded.length).toBeGreaterThan(1);
    await page.goto('/diary?tab=marks');
    await tid(page, 'diary-overview').waitFor();
    await eventually(() => tid(page, 'diary-overview-row').count()).toBe(graded.length);
    const withMarks = graded.find((s) => s.progress.length > 0);
    expect(withMarks).toBeDefined();
    if (withMarks) {
      await tid(page, `diary-subject-${withMarks.assignmentId}`).click();
      const chart = tid(page, 'diary-progress-chart');
      await chart.waitFor();
      const foCount = withMarks.fo.filter((m) => m.value !== null).length;
      await eventually(() => chart.getByTestId('progress-fo').count()).toBe(foCount);
      const last = withMarks.progress.at(-1)!;
      expect(await chart.locator('svg[role="img"]').getAttribute('aria-label')).toContain(
        `${Math.round(last.percent * 10) / 10}%`,
      );
      await expectNoHorizontalScroll(page, 'progress chart at 360 px');

      // The class's results on a scored work: the demo school allows them; counts per band, as the API says.
      const work = withMarks.works.find((w) => w.score !== null);
      if (work) {
        const dist = (await api<DiaryDistribution>(page, `/api/v1/diary/${child}/works/${work.id}/distribution`)).body;
        await tid(page, `distribution-toggle-${work.id}`).click();
        if (dist.hidden === null) {
          for (const band of dist.bands) {
            const text = () => tid(page, `distribution-count-${band.grade}`).textContent();
            await eventually(text).toMatch(new RegExp(`^${band.count}( ·.*)?$`));
          }
          expect(dist.bands.reduce((n, b) => n + b.count, 0)).toBeGreaterThanOrEqual(5);
        } else {
          expect(dist.hidden).toBe('tooFew');
          await tid(page, 'distribution-hidden').waitFor();
        }
        await expectNoHorizontalScroll(page, 'class distribution at 360 px');
      }
      await page.keyboard.press('Escape');
    }
    await expectNoHorizontalScroll(page, '/diary marks overview at 360 px');
  });

  test('the last loaded week is shown offline; the app is installable', async () => {
    const { page, context } = await openPage(browser, { viewport: PHONE });
    // The worker and the manifest are re-checked on every load; the manifest starts at the diary.
    const sw = await page.request.get('/sw.js');
    expect(sw.status()).toBe(200);
    expect(sw.headers()['cache-control']).toBe('no-cache');
    const manifest = await page.request.get('/manifest.webmanifest');
    expect(manifest.headers()['cache-control']).toBe('no-cache');
    expect(await manifest.json()).toMatchObject({ start_url: '/diary', display: 'standalone' });

    await signIn(page, DEMO_USERS.parent.username, DEMO_PASSWORD);
    await useLanguage(page, 'ru');
    const child = await firstChild(page);
    await page.goto('/diary');
    await tid(page, 'diary-week-range').waitFor();
    // The worker takes over this page; the next load goes through it and keeps the shell and the week.
    await page.waitForFunction(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active !== null && navigator.serviceWorker.controller !== null;
    });
    await page.reload();
    const range = await tid(page, 'diary-week-range').textContent();
    const week = (await api<DiaryWeek>(page, `/api/v1/diary/${child}/week`)).body;
    const day = week.days.find((d) => d.lessons.length > 0);
    if (day) await tid(page, `diary-day-${day.date}`).getByText(day.lessons[0]!.subject).first().waitFor();

    await context.setOffline(true);
    try {
      await page.reload();
      await tid(page, 'diary-week-range').waitFor();
      expect(await tid(page, 'diary-week-range').textContent()).toBe(range);
      if (day) {
        const card = tid(page, `diary-day-${day.date}`);
        await eventually(() => card.locator('[data-testid^="diary-lesson-"]').count()).toBe(day.lessons.length);
        await card.getByText(day.lessons[0]!.subject).first().waitFor();
      }
      // Nothing but the diary's own answers was kept: another API route fails offline.
      const other = await page.evaluate(async () => {
        try {
          return (await fetch('/api/v1/sessions')).status;
        } catch {
          return 'offline';
        }
      });
      expect(other).toBe('offline');
    } finally {
      await context.setOffline(false);
    }

    // Signing out deletes the offline copies (a shared phone).
    await tid(page, 'signout').click();
    await page.waitForURL((url) => url.pathname.startsWith('/sign-in'));
    const kept = await page.evaluate(async () => {
      const cache = await caches.open('dapter-data-v1');
      return (await cache.keys()).length;
    });
    expect(kept).toBe(0);
  });
});
