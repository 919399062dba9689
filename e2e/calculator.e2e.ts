import { KZ_2020, termResult } from '@common/assessment/index.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage } from './browser.js';
import { eventually, expectNoHorizontalScroll, readText, switchLanguage, tid } from './helpers.js';

/**
 * Issue 5 §3: the public grade calculator. Signed out, on a 360 px phone, a parent opens it from the sign-in
 * page, enters the example and sees what the engine (and `npm run grade`) computes: 86.17 % → «5».
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const EXAMPLE = {
  policy: KZ_2020,
  fo: [10, 10, 10, 10],
  sor: [
    { score: 3, max: 10 },
    { score: 20, max: 20 },
  ],
  soch: { score: 84, max: 100 },
  hasSoch: true,
} as const;

/** The page shows at most 2 decimals of the engine's full-precision percentage (en: "86.17 %"). */
const shown = (percent: number | null) =>
  `${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(percent ?? Number.NaN)} %`;

describe('grade calculator', () => {
  test('signed out at 360 px: the issue example gives the engine result; variants, a missed СОч, a year grade', async () => {
    const { page } = await openPage(browser, { viewport: { width: 360, height: 740 } });
    await page.goto('/sign-in');
    await tid(page, 'signin-calculator').click();
    await page.waitForURL((url) => url.pathname === '/calculator');
    await tid(page, 'calculator-page').waitFor();
    await switchLanguage(page, 'en');
    await expectNoHorizontalScroll(page, '/calculator at 360 px');

    // ФО: two typed, two tapped.
    await tid(page, 'calc-fo').fill('10, 10');
    await tid(page, 'calc-fo-add-10').click();
    await tid(page, 'calc-fo-add-10').click();
    expect(await readText(tid(page, 'calc-fo'))).toBe('10, 10, 10, 10');
    await tid(page, 'calc-sor-score-0').fill('3');
    await tid(page, 'calc-sor-max-0').fill('10');
    await tid(page, 'calc-sor-add').click();
    await tid(page, 'calc-sor-score-1').fill('20');
    await tid(page, 'calc-sor-max-1').fill('20');
    // Before the СОч is entered the result is the running one.
    await eventually(() => tid(page, 'calc-result-status').getAttribute('data-status')).toBe('provisional');
    await tid(page, 'calc-soch-score').fill('84');
    await tid(page, 'calc-soch-max').fill('100');

    const expected = termResult(EXAMPLE);
    expect(expected.grade).toBe(5);
    await eventually(() => readText(tid(page, 'calc-result-percent'))).toBe(shown(expected.percent));
    expect(await readText(tid(page, 'calc-result-percent'))).toBe('86.17 %');
    expect(await readText(tid(page, 'calc-result-grade'))).toBe('«5»');
    expect(await tid(page, 'calc-result-status').getAttribute('data-status')).toBe('graded');
    expect(await readText(tid(page, 'calc-part-soch'))).toContain('84 % × 50 % = 42');
    await expectNoHorizontalScroll(page, '/calculator with a result at 360 px');

    // Variant B (mean of percentages) turns the same marks into 83.25 % → «4» (kz-school-rules §1.6).
    await tid(page, 'calc-variant-mean').check();
    await eventually(() => readText(tid(page, 'calc-result-percent'))).toBe(
      shown(termResult({ ...EXAMPLE, variant: 'mean' }).percent),
    );
    expect(await readText(tid(page, 'calc-result-grade'))).toBe('«4»');
    await tid(page, 'calc-variant-pooled').check();

    // A score above its maximum is refused where it was typed; a missed СОч is н/а.
    await tid(page, 'calc-sor-score-0').fill('12');
    await page.getByText('Points must be from 0 to the maximum.').waitFor();
    expect(await readText(tid(page, 'calc-result-grade'))).toBe('—');
    await tid(page, 'calc-sor-score-0').fill('3');
    await tid(page, 'calc-soch-mode-missed').check();
    await eventually(() => readText(tid(page, 'calc-result-grade'))).toBe('н/а');

    // Grade 1 is not graded.
    await tid(page, 'calc-soch-score').waitFor({ state: 'detached' });
    await tid(page, 'calc-grade-level').selectOption('1');
    await eventually(() => tid(page, 'calc-result-status').getAttribute('data-status')).toBe('ungraded');

    // Year grade from term grades: 4, 3, 4, 3 → 3.5 → «4» (§1.7).
    await tid(page, 'calc-year-grades').fill('4, 3, 4, 3');
    await eventually(() => readText(tid(page, 'calc-year-grade-result'))).toBe('«4»');
  });
});
