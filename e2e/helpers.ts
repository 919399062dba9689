import { iinCheckDigit } from '@common/iin.js';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** `[data-testid="…"]` — the only way these tests find things (the agreed ids in the web app). */
export const tid = (page: Page, id: string): Locator => page.getByTestId(id);

/** Text a user reads off an element: the value of an input, else its visible text. */
export async function readText(locator: Locator): Promise<string> {
  const tag = await locator.evaluate((el) => el.tagName.toLowerCase());
  if (tag === 'input' || tag === 'textarea') return (await locator.inputValue()).trim();
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text a user sees
  return (await locator.innerText()).trim();
}

/** Calls the API from inside the page, with the page's session cookie (what the web app itself would send). */
export async function api<T = unknown>(page: Page, path: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (url) => {
    const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as never };
  }, path);
}

/**
 * Sets the signed-in person's language through the API (as the language menu does) and reloads. The demo users
 * are shared by every e2e file on one server, and some files switch languages: a file that reads messages in
 * one language says so first instead of depending on the order the files run in.
 */
export async function useLanguage(page: Page, lang: 'kk' | 'ru' | 'en') {
  const status = await page.evaluate(async (locale) => {
    const me = await (await fetch('/api/v1/me', { credentials: 'same-origin' })).json();
    const response = await fetch('/api/v1/me/preferences', {
      method: 'PATCH',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ locale }),
    });
    return response.status;
  }, lang);
  if (status !== 200) throw new Error(`setting the language to ${lang} answered ${status}`);
  await page.reload();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 10_000 });
}

/** Signs in through the form and waits until the app has left the sign-in page. */
export async function signIn(page: Page, username: string, password: string) {
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/sign-in')) await page.goto('/sign-in');
  await tid(page, 'signin-username').fill(username);
  await tid(page, 'signin-password').fill(password);
  await tid(page, 'signin-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 30_000 });
}

/** The page keeps `<html lang>` in sync with the UI language: the signal that a switch has been applied. */
export async function switchLanguage(page: Page, lang: 'kk' | 'ru' | 'en') {
  await tid(page, `lang-${lang}`).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 10_000 });
}

/** Every leaf string of an i18n resource tree, by dotted key. */
export function flatten(tree: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof tree === 'string') out.set(prefix, tree);
  else if (tree && typeof tree === 'object') {
    for (const [key, value] of Object.entries(tree)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

/** A valid IIN for a birth date (YYYY-MM-DD), gender and serial, so forms get realistic input. */
export function makeIin(birthDate: string, gender: 'male' | 'female', serial: number): string {
  const [y = '', m = '', d = ''] = birthDate.split('-');
  const year = Number(y);
  const centuryBase = year >= 2000 ? 5 : 3; // 19xx: 3 male / 4 female; 20xx: 5 / 6
  const century = centuryBase + (gender === 'female' ? 1 : 0);
  for (let s = serial; s < serial + 50; s++) {
    const first11 = `${y.slice(2)}${m}${d}${century}${String(s % 10_000).padStart(4, '0')}`;
    const check = iinCheckDigit([...first11].map(Number));
    if (check !== null) return `${first11}${check}`;
  }
  throw new Error('no IIN for that serial range');
}

/** No horizontal scrolling: the page fits the viewport width. */
export async function expectNoHorizontalScroll(page: Page, where: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `horizontal overflow on ${where}`).toBeLessThanOrEqual(innerWidth);
}

/**
 * If the app makes a user replace a temporary password before anything else, do it (only when the page shows
 * such a form: two or more password fields and no sign-in form). Returns the password now in force.
 */
export async function changeTemporaryPasswordIfAsked(page: Page, current: string): Promise<string> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  if ((await tid(page, 'signin-username').count()) > 0) return current;
  const fields = page.locator('input[type="password"]:visible');
  const count = await fields.count();
  if (count < 2) return current;
  const next = `E2e-${Date.now()}-Strong!`;
  // current password first when there are three fields (current, new, repeat)
  for (let i = 0; i < count; i++) await fields.nth(i).fill(count >= 3 && i === 0 ? current : next);
  await page.locator('button[type="submit"]:visible').first().click();
  await expect.poll(() => fields.count(), { timeout: 15_000 }).toBe(0);
  return next;
}

/** expect.poll with the patience a real page needs (vitest's default gives up after one second). */
export const eventually = <T>(fn: () => T | Promise<T>, message?: string) =>
  expect.poll(fn, { timeout: 20_000, interval: 200, message });

/** Whether any part of the element lies inside the viewport (an off-canvas drawer is "visible" but not here). */
export function inViewport(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
  });
}

/**
 * The first-sign-in wizard (registration): data are correct, a new password, the agreement accepted by pressing
 * "Register"; waits until the cabinet is there. Returns the password now in force.
 */
export async function completeRegistration(page: Page, password = `Жаңа-${Date.now()}-құпиясөз`): Promise<string> {
  await tid(page, 'registration-wizard').waitFor();
  await tid(page, 'reg-data-ok').click();
  await tid(page, 'reg-new-password').fill(password);
  await tid(page, 'reg-repeat-password').fill(password);
  await tid(page, 'reg-password-next').click();
  await tid(page, 'reg-submit').click();
  await tid(page, 'registration-wizard').waitFor({ state: 'detached', timeout: 30_000 });
  return password;
}

/**
 * signIn that waits out the per-address sign-in limit (429 + Retry-After): every browser test signs in from
 * 127.0.0.1, so a busy minute of earlier files can use up RATE_LIMIT_SIGNIN_PER_MINUTE before this one starts.
 */
export async function signInPatiently(page: Page, username: string, password: string) {
  for (let attempt = 0; attempt < 6; attempt++) {
    if (!new URL(page.url(), 'http://x').pathname.startsWith('/sign-in')) await page.goto('/sign-in');
    await tid(page, 'signin-username').fill(username);
    await tid(page, 'signin-password').fill(password);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/sign-in') && r.request().method() === 'POST'),
      tid(page, 'signin-submit').click(),
    ]);
    if (response.status() === 429) {
      const seconds = Number(response.headers()['retry-after']) || 30;
      await new Promise((r) => setTimeout(r, seconds * 1000 + 500));
      continue;
    }
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 30_000 });
    return;
  }
  throw new Error(`sign-in of ${username} kept being rate limited`);
}

/** The phone viewport of the diary's browser tests (the diary is designed for 360 px first). */
export const PHONE = { width: 360, height: 740 };

/** A write through the API from inside the page (the page's session and CSRF token). */
export async function apiWrite<T = unknown>(
  page: Page,
  method: 'PUT' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/v1/me', { credentials: 'same-origin' })).json();
      const response = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as never };
    },
    { method, path, body },
  );
}
