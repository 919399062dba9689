import type { ClassPerformance, PerformanceSummary } from '@common/schemas/reports.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { api, eventually, readText, signIn, tid, useLanguage } from './helpers.js';

/**
 * Issue 5 §5: the demo school administrator opens Reports, sees every class of the current period with §4.1's
 * figures (the server's numbers, shown as they are), opens «5 Ә» for its subject rows, switches to attendance and
 * fill-in, and the export answers a real XLSX and PDF.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('reports', () => {
  test('the administrator reads the performance, attendance and fill-in reports and exports them', async () => {
    const { page } = await openPage(browser, { viewport: { width: 1280, height: 860 } });
    await signIn(page, DEMO_USERS.schoolAdmin.username, DEMO_PASSWORD);
    await useLanguage(page, 'en');
    await tid(page, 'nav-reports').click();
    await page.waitForURL((url) => url.pathname === '/reports');
    await tid(page, 'reports-performance-summary').waitFor();
    const periodId = Number(await tid(page, 'reports-period').inputValue());
    const summary = (await api<PerformanceSummary>(page, `/api/v1/reports/performance?periodId=${periodId}`)).body;
    expect(summary.classes.length).toBeGreaterThan(0);
    const cls = summary.classes.find((c) => c.label === '5 Ә') ?? summary.classes[0]!;
    const row = tid(page, `reports-class-${cls.classId}`);
    const text = await readText(row);
    expect(text).toContain(cls.label);
    if (cls.success !== null) expect(text).toContain(cls.success.toFixed(1));
    if (summary.running) await tid(page, 'reports-running').first().waitFor();

    await row.getByRole('button', { name: cls.label }).click();
    await tid(page, 'reports-class-performance').waitFor();
    const detail = (
      await api<ClassPerformance>(page, `/api/v1/reports/performance/classes/${cls.classId}?periodId=${periodId}`)
    ).body;
    await eventually(async () =>
      (await readText(tid(page, 'reports-class-performance'))).includes('Pupils by category'),
    ).toBe(true);
    expect(detail.pupils.length).toBe(cls.pupils);
    await page.screenshot({ path: '/tmp/reports-class.png', fullPage: true });

    await tid(page, 'reports-tab-attendance').click();
    await tid(page, 'reports-attendance-summary').waitFor();
    await tid(page, 'reports-tab-fill-in').click();
    await eventually(async () =>
      (await readText(tid(page, 'reports-fill-in-today'))).includes('Lessons held up to'),
    ).toBe(true);

    const types = await page.evaluate(async (id) => {
      const out: string[] = [];
      for (const q of ['format=xlsx', 'format=pdf']) {
        for (const what of ['performance', 'attendance']) {
          const r = await fetch(`/api/v1/reports/${what}/export?periodId=${id}&${q}`, { credentials: 'same-origin' });
          const bytes = new Uint8Array(await r.arrayBuffer());
          out.push(`${r.status} ${r.headers.get('content-type')} ${String.fromCharCode(...bytes.slice(0, 4))}`);
        }
      }
      return out;
    }, periodId);
    expect(types[0]).toMatch(/^200 application\/vnd\.openxmlformats.* PK/);
    expect(types[2]).toMatch(/^200 application\/pdf %PDF/);
    expect(types[3]).toMatch(/^200 application\/pdf %PDF/);
  });
});
