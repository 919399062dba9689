import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject, onTestFinished } from 'vitest';

/** Debian's Chromium: the tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('./artifacts', import.meta.url));

/**
 * One headless Chromium for a test file. Playwright gives every launch() a fresh temporary --user-data-dir of
 * its own (and refuses one in `args`), so no profile state leaks between runs. The background-networking
 * switches matter here: without them Chromium keeps calling Google's hosts, which this machine refuses.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  /** UI language the browser announces before anyone signs in. */
  locale?: string;
}

/**
 * A fresh context (cookies, storage) and page for the current test, with the server's base URL. When the
 * test fails, a full-page screenshot lands in e2e/artifacts/<test name>.png; the context is closed either way.
 */
export async function openPage(
  browser: Browser,
  options: PageOptions = {},
): Promise<{ page: Page; context: BrowserContext; url: (path: string) => string }> {
  const baseUrl = inject('baseUrl');
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: options.locale ?? 'en-US',
  });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`console: ${message.text()}`);
  });
  onTestFinished(async ({ task }) => {
    try {
      if (task.result?.state === 'fail') {
        mkdirSync(ARTIFACTS, { recursive: true });
        const name = task.name
          .replace(/[^a-z0-9]+/gi, '-')
          .replace(/^-|-$/g, '')
          .slice(0, 80);
        const file = join(ARTIFACTS, `${name}.png`);
        await page.screenshot({ path: file, fullPage: true, timeout: 10_000 }).catch(() => undefined);
        console.error(`[e2e] screenshot: ${file}\n[e2e] at ${page.url()}`);
        if (consoleErrors.length > 0) console.error(`[e2e] browser errors:\n${consoleErrors.join('\n')}`);
      }
    } finally {
      await context.close();
    }
  });
  return { page, context, url: (path: string) => `${baseUrl}${path}` };
}
