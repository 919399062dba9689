import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { resources } from '@common/i18n/index.js';
import type { AgreementVersion } from '@common/schemas/agreements.js';
import type { Me } from '@common/schemas/auth.js';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS } from '../server/db/demo/logins.js';
import { launchBrowser, openPage } from './browser.js';
import { api, eventually, readText, signInPatiently, tid, useLanguage } from './helpers.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  // The browser tests share one server: the demo users this file did not walk through accept the new version
  // too, so the files after it find them as before (straight into the cabinet).
  await acceptForDemoUsers();
}, 240_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An API call from another loopback address (127.0.0.2): the clean-up's sign-ins count against a sign-in
 * budget of their own (RATE_LIMIT_SIGNIN_PER_MINUTE is per address), not the one the next files' browsers use.
 */
function call(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const url = new URL(path, inject('baseUrl'));
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<{ status: number; headers: IncomingHttpHeaders; json: unknown }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        localAddress: '127.0.0.2',
        headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : null }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Signs in (waiting out the sign-in limit if need be) and accepts the current version. */
async function acceptAs(username: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await call('POST', '/api/v1/auth/sign-in', {}, { username, password: DEMO_PASSWORD });
    if (res.status === 429) {
      await sleep((Number(res.headers['retry-after']) || 30) * 1000 + 500);
      continue;
    }
    // Another test changed this user's password: nobody signs in as them with the demo password again.
    if (res.status !== 200) return;
    const cookie = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const me = (await call('GET', '/api/v1/me', { cookie })).json as Me;
    const writes = { cookie, 'x-csrf-token': me.csrfToken };
    if (me.requiredActions.includes('acceptAgreement')) {
      const current = (await call('GET', '/api/v1/agreements/current')).json as AgreementVersion;
      expect((await call('POST', `/api/v1/agreements/${current.id}/accept`, writes, {})).status).toBe(200);
    }
    await call('POST', '/api/v1/auth/sign-out', writes, {});
    return;
  }
}

async function acceptForDemoUsers() {
  const others = ['teacher2.demo', 'director12.demo', 'director45.demo'];
  for (const username of [...Object.values(DEMO_USERS).map((u) => u.username), ...others]) await acceptAs(username);
}

describe('a new version of the user agreement', () => {
  test('the Ministry administrator publishes it; the teacher signing in next sees what changed and accepts', async () => {
    const label = `e2e-${Date.now().toString(36)}`;
    const changes = {
      kk: '4-бөлім нақтыланды: деректер тек оқу процесі үшін өңделеді.',
      ru: 'Уточнён раздел 4: данные обрабатываются только для учебного процесса.',
      en: 'Section 4 clarified: data are processed only for the educational process.',
    };

    // The Ministry administrator drafts the version in the UI (the text starts from the one in force).
    // The demo users are shared by every browser test and some switch the teacher's stored language (class-view
    // works in English): give her back her Russian interface first, since this test reads the Russian summary.
    const before = await openPage(browser);
    await signInPatiently(before.page, DEMO_USERS.teacher.username, DEMO_PASSWORD);
    await useLanguage(before.page, 'ru');
    await before.page.context().close();

    const ministry = (await openPage(browser)).page;
    await signInPatiently(ministry, DEMO_USERS.ministryAdmin.username, DEMO_PASSWORD);
    await tid(ministry, 'nav-agreements').click();
    await ministry.waitForURL((url) => url.pathname === '/agreements');
    await tid(ministry, 'agreements-new').click();
    await tid(ministry, 'agreement-form-label').fill(label);
    for (const lang of ['kk', 'ru', 'en'] as const) {
      await tid(ministry, `agreement-form-tab-${lang}`).click();
      await tid(ministry, `agreement-form-changes-${lang}`).fill(changes[lang]);
      expect((await tid(ministry, `agreement-form-text-${lang}`).inputValue()).length).toBeGreaterThan(100);
    }
    await tid(ministry, 'agreement-form-save').click();
    await tid(ministry, 'agreement-form').waitFor({ state: 'detached' });

    const versions = (await api<{ items: AgreementVersion[] }>(ministry, '/api/v1/agreements')).body.items;
    const draft = versions.find((v) => v.label === label)!;
    expect(draft).toMatchObject({ publishedAt: null, current: false });
    await tid(ministry, `agreement-publish-${draft.id}`).click();
    await tid(ministry, 'agreement-publish-confirm').click();

    // Publishing binds the publisher too: the acceptance screen, then back to work.
    await tid(ministry, 'accept-agreement').waitFor();
    await tid(ministry, 'agreement-accept').click();
    await tid(ministry, 'accept-agreement').waitFor({ state: 'detached' });
    const current = (await api<AgreementVersion>(ministry, '/api/v1/agreements/current')).body;
    expect(current).toMatchObject({ id: draft.id, label, current: true });

    // The demo teacher (Russian interface) signs in: first the summary of changes, in her language.
    const teacher = (await openPage(browser)).page;
    await signInPatiently(teacher, DEMO_USERS.teacher.username, DEMO_PASSWORD);
    await tid(teacher, 'accept-agreement').waitFor();
    expect(await teacher.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await readText(tid(teacher, 'agreement-changes'))).toBe(changes.ru);
    expect(await readText(tid(teacher, 'accept-agreement'))).toContain(resources.ru.registration.accept.continuing);
    expect((await api<Me>(teacher, '/api/v1/me')).body.requiredActions).toEqual(['acceptAgreement']);
    // Anything else waits for the acceptance.
    expect((await api(teacher, '/api/v1/persons')).status).toBe(403);

    await tid(teacher, 'agreement-accept').click();
    await tid(teacher, 'home-greeting').waitFor();
    await eventually(async () => (await api<Me>(teacher, '/api/v1/me')).body.requiredActions).toEqual([]);
    expect((await api(teacher, '/api/v1/persons')).status).toBe(200);
  });
});
