import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { DAY_MS } from '../../lib/clock.js';
import { createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { readPdf } from './pdf.fixtures.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let admin: Client;
let otherAdmin: Client;

interface Item {
  personId: number;
  surname: string;
  firstName: string;
  patronymic: string | null;
  username: string;
  temporaryPassword: string;
}
let kk: Item[]; // 9 students with Kazakh accounts
let ru: Item; // one with a Russian account
let schoolNames: { nameKk: string; nameRu: string };

const PUBLIC_URL = 'https://dapter.example.kz';

const slips = (c: Client, items: Array<{ personId: number; temporaryPassword: string }>, perPage?: number) =>
  c.post('/api/v1/credentials/slips', { items, ...(perPage ? { perPage } : {}) });
const pick = (i: Item) => ({ personId: i.personId, temporaryPassword: i.temporaryPassword });
const pageObjects = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: `${PUBLIC_URL}/` });
  a = await createTenant(t.deps.db, t.deps.hasher);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[3]);
  admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  otherAdmin = await signIn(t.app, b.people.schoolAdmin.username, b.people.schoolAdmin.password);
  const names = [
    ['Әбілқайырова', 'Өміржан', 'Ғабитұлы'],
    ['Құрманғалиев', 'Ұлан', 'Һарунұлы'],
    ['Іңкәрова', 'Үміт', null],
  ];
  const res = await admin.post('/api/v1/persons/bulk', {
    institutionId: a.school.id,
    profile: 'student',
    rows: Array.from({ length: 9 }, (_, i) => ({
      surname: names[i % 3]![0],
      firstName: names[i % 3]![1],
      patronymic: names[i % 3]![2],
      birthDate: '2014-09-01',
      gender: 'female',
    })),
  });
  expect(res.statusCode).toBe(201);
  kk = res.json().items;
  const ruRes = await admin.post('/api/v1/persons/bulk', {
    institutionId: a.school.id,
    profile: 'parent',
    locale: 'ru',
    rows: [
      { surname: 'Иванова', firstName: 'Мария', patronymic: 'Петровна', birthDate: '1984-01-01', gender: 'female' },
    ],
  });
  ru = ruRes.json().items[0];
  schoolNames = await t.deps.db
    .selectFrom('institutions')
    .where('id', '=', a.school.id)
    .select(['nameKk', 'nameRu'])
    .executeTakeFirstOrThrow();
});
afterAll(() => t.close());

describe('POST /credentials/slips', () => {
  it('prints one slip per page by default, in the person’s language, with everything needed to sign in', async () => {
    const res = await slips(admin, [pick(kk[0]!)]);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageObjects(pdf)).toBe(1);

    const { pages, info } = readPdf(pdf);
    expect(pages).toHaveLength(1);
    const text = pages[0]!.lines.join('\n');
    expect(text).toContain(schoolNames.nameKk);
    expect(text).toContain('Әбілқайырова Өміржан Ғабитұлы'); // every Kazakh letter drawn from the embedded font
    expect(text).toContain(kk[0]!.username);
    expect(text).toContain(kk[0]!.temporaryPassword);
    expect(text).toContain(PUBLIC_URL); // PUBLIC_URL, its trailing slash dropped
    expect(text).not.toContain(`${PUBLIC_URL}/`);
    expect(text).toContain('Уақытша құпиясөз 30.10.2026 қоса алғанда жарамды.'); // issued 2026-10-01, 30 days
    expect(text).toContain('пайдаланушы келісімін қабылдайсыз');
    expect(pages[0]!.unmapped).toBe(0); // no glyph missing from the font (no .notdef boxes)
    expect(info).toContain('/Title');
  });

  it('lays out 4 and 8 slips per A4 page', async () => {
    const nine = kk.map(pick);
    for (const [perPage, expected] of [
      [1, 9],
      [4, 3],
      [8, 2],
    ] as const) {
      const res = await slips(admin, nine, perPage);
      expect(res.statusCode).toBe(200);
      const pdf = res.rawPayload;
      expect(pageObjects(pdf), `${perPage} per page`).toBe(expected);
      const { pages } = readPdf(pdf);
      expect(pages).toHaveLength(expected);
      // Every slip is there, in order, each on the page its position says.
      kk.forEach((item, i) => {
        const page = pages[Math.floor(i / perPage)]!.lines;
        expect(page).toContain(item.username);
        expect(page).toContain(item.temporaryPassword);
      });
      expect(pages.every((p) => p.unmapped === 0)).toBe(true);
    }
  });

  it('mixes languages per person, not per administrator', async () => {
    const res = await slips(admin, [pick(ru), pick(kk[1]!)], 4);
    const [page] = readPdf(res.rawPayload).pages;
    // A wrapped line ends in its space: joined without a separator, the text reads as printed.
    const text = page!.lines.join('');
    expect(text).toContain('Иванова Мария Петровна');
    expect(text).toContain(schoolNames.nameRu);
    expect(text).toContain('Временный пароль действует по 30.10.2026 включительно.');
    expect(text).toContain('Құрманғалиев Ұлан Һарунұлы');
    expect(text).toContain('Уақытша құпиясөз');
  });

  it('refuses a password that is not the current temporary one, naming the item', async () => {
    const wrong = await slips(admin, [pick(kk[2]!), { personId: kk[3]!.personId, temporaryPassword: 'made-up-text' }]);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({
      code: 'credentials.notCurrent',
      issues: [{ path: 'body.items.1.temporaryPassword' }],
    });
    // Someone else's password is not this person's either.
    const swapped = await slips(admin, [{ personId: kk[4]!.personId, temporaryPassword: kk[5]!.temporaryPassword }]);
    expect(swapped.statusCode).toBe(422);

    // Re-issued: the old password no longer prints, the new one does.
    const reset = await admin.post(`/api/v1/persons/${kk[6]!.personId}/reset-password`);
    const fresh = reset.json().credentials.temporaryPassword as string;
    expect((await slips(admin, [pick(kk[6]!)])).statusCode).toBe(422);
    const ok = await slips(admin, [{ personId: kk[6]!.personId, temporaryPassword: fresh }]);
    expect(ok.statusCode).toBe(200);
    expect(readPdf(ok.rawPayload).pages[0]!.lines).toContain(fresh);

    // A person who already has their own password has no slip to print.
    await t.deps.db
      .updateTable('accounts')
      .set({ passwordIsTemporary: false, tempPasswordExpiresAt: null })
      .where('personId', '=', kk[7]!.personId)
      .execute();
    expect((await slips(admin, [pick(kk[7]!)])).statusCode).toBe(422);
    // Factory people (registered, own password): not even with the right password.
    const own = await slips(admin, [
      { personId: a.people.teacher.personId, temporaryPassword: a.people.teacher.password },
    ]);
    expect(own.statusCode).toBe(422);
  });

  it('hides people outside the scope (404) and refuses those who may not manage them (403)', async () => {
    const foreign = await slips(otherAdmin, [pick(kk[0]!)]);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain(kk[0]!.username);
    const missing = await slips(admin, [{ personId: 987_654_321, temporaryPassword: 'x' }]);
    expect(missing.statusCode).toBe(404);
    // One foreign item spoils the whole request: nothing is printed.
    const mixed = await slips(admin, [pick(kk[0]!), { personId: b.people.student.personId, temporaryPassword: 'x' }]);
    expect(mixed.statusCode).toBe(404);
    const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    expect((await slips(teacher, [pick(kk[0]!)])).statusCode).toBe(403);
    const parent = await signIn(t.app, a.people.parent.username, a.people.parent.password);
    expect((await slips(parent, [pick(kk[0]!)])).statusCode).toBe(404);
  });

  it('stops printing a temporary password once it has expired', async () => {
    const item = kk[8]!;
    t.clock.advance(30 * DAY_MS - 60_000);
    let c = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
    expect((await slips(c, [pick(item)])).statusCode).toBe(200);
    t.clock.advance(60_000);
    c = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
    expect((await slips(c, [pick(item)])).statusCode).toBe(422);
  });

  it('is in the OpenAPI document, the PDF answer included', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    const slipsOp = doc.paths['/api/v1/credentials/slips'].post;
    expect(Object.keys(slipsOp.responses)).toEqual(expect.arrayContaining(['200', '403', '404', '422']));
    expect(JSON.stringify(slipsOp.responses['200'])).toContain('application/pdf');
    const bulkOp = doc.paths['/api/v1/persons/bulk'].post;
    expect(Object.keys(bulkOp.responses)).toEqual(expect.arrayContaining(['201', '403', '404', '409', '422']));
  });

  it('rejects malformed requests with 400', async () => {
    admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password); // after the time travel
    for (const body of [
      { items: [] },
      { items: [pick(kk[0]!)], perPage: 3 },
      { items: [pick(kk[0]!)], perPage: '4' },
      { items: [{ personId: kk[0]!.personId }] },
      { items: [{ personId: 'x', temporaryPassword: 'y' }] },
      { items: Array.from({ length: 501 }, () => pick(kk[0]!)) },
    ]) {
      const res = await admin.post('/api/v1/credentials/slips', body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.headers['content-type']).toContain('application/json');
    }
  });
});
