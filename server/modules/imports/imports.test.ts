import { Readable } from 'node:stream';
import type { ImportJobDetail, ImportRow } from '@common/schemas/imports.js';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import {
  makeIin,
  multipart,
  peopleCsv,
  peopleXlsx,
  RU_HEADERS,
  type TemplateRow,
  upload,
  waitForJob,
} from './imports.fixtures.js';
import { importRuntime } from './runtime.js';
import { issuedSlips } from './slips.service.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let adminA: Client;
let adminB: Client;

const setLocale = (personId: number, locale: 'kk' | 'ru' | 'en') =>
  t.deps.db.updateTable('accounts').set({ locale }).where('personId', '=', personId).execute();

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[1]);
  await setLocale(a.people.schoolAdmin.personId, 'ru');
  adminA = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  adminB = await signIn(t.app, b.people.schoolAdmin.username, b.people.schoolAdmin.password);
  for (const admin of [adminA, adminB]) {
    const res = await admin.post('/api/v1/school-years', { templateStartYear: 2026 });
    expect(res.statusCode, res.body).toBe(201);
  }
}, 60_000);
afterAll(() => t.close());

async function dryRun(client: Client, fileName: string, bytes: Buffer): Promise<ImportJobDetail> {
  const res = await upload(client, fileName, bytes);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function rowsOf(client: Client, jobId: number, query = ''): Promise<ImportRow[]> {
  const res = await client.get(`/api/v1/imports/${jobId}/rows?pageSize=200${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}
async function apply(client: Client, jobId: number) {
  const res = await client.post(`/api/v1/imports/${jobId}/apply`);
  expect(res.statusCode, res.body).toBe(202);
  return waitForJob(client, jobId);
}

const counts = async (schoolId: number) => {
  const db = t.deps.db;
  const n = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
  return {
    persons: await n(
      db
        .selectFrom('persons')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    memberships: await n(
      db
        .selectFrom('memberships')
        .where('institutionId', '=', schoolId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    classes: await n(
      db
        .selectFrom('classes')
        .where('schoolId', '=', schoolId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    enrolments: await n(
      db
        .selectFrom('classEnrollments')
        .where('schoolId', '=', schoolId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    links: await n(
      db
        .selectFrom('guardianships')
        .where('institutionId', '=', schoolId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    audit: await n(
      db
        .selectFrom('auditEvents')
        .where('institutionId', '=', schoolId)
        .where('action', 'not like', 'import.%')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  };
};

let serial = 100;
/** A small class: students with IINs (Kazakh letters in names), their mothers, a teacher. */
function family(classLabel: string, surname: string, first: string, birth: string): TemplateRow[] {
  const childIin = makeIin(birth, 'female', serial++);
  return [
    {
      role: 'ученик',
      surname,
      firstName: first,
      birthDate: birth.split('-').reverse().join('.'),
      gender: 'ж',
      iin: childIin,
      class: classLabel,
      language: 'казахский',
      externalId: `S-${childIin}`,
    },
    {
      role: 'родитель',
      surname,
      firstName: 'Гүлнұр',
      patronymic: 'Әділқызы',
      iin: makeIin('1985-03-02', 'female', serial++),
      phone: '+7 701 111 22 33',
      parentOf: childIin,
      relation: 'мать',
    },
  ];
}

describe('template', () => {
  it('downloads in the caller’s language (or ?lang) and a filled-in copy round-trips through the dry run', async () => {
    const res = await adminA.get('/api/v1/imports/template?format=xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(Object.values(RU_HEADERS));

    // The administrator types into the downloaded template itself.
    const iin = makeIin('2014-09-01', 'male', 7);
    sheet.addRow([
      'ученик',
      'Құдайбергенов',
      'Арман',
      '',
      '01.09.2014',
      'м',
      iin,
      '5 Ә',
      'казахский',
      'T-1',
      '',
      '',
      '',
      '',
    ]);
    const job = await dryRun(adminA, 'шаблон.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(job.columns).toEqual(Object.keys(RU_HEADERS));
    expect(job.summary).toMatchObject({ new: 1, error: 0, classesToCreate: 1, enrolments: 1 });
    expect(job.fileName).toBe('шаблон.xlsx');

    const kk = await adminA.get('/api/v1/imports/template?format=csv&lang=kk');
    expect(kk.statusCode).toBe(200);
    expect(kk.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(kk.rawPayload.toString('utf8')).toContain('Тегі;Аты;Әкесінің аты;Туған күні;Жынысы;ЖСН;Сынып');
    const en = await adminA.get('/api/v1/imports/template?format=csv&lang=en');
    expect(en.rawPayload.toString('utf8')).toContain('Role;Surname;First name');
  });
});

describe('dry run', () => {
  it('classifies rows as new, update, unchanged, error and confirm, with errors in the user’s language', async () => {
    const existing = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: a.school.id,
      profile: 'student',
      surname: 'Серікова',
      firstName: 'Айгерім',
      birthDate: '2013-02-03',
      iin: makeIin('2013-02-03', 'female', 1),
    });
    await t.deps.db
      .updateTable('persons')
      .set({ phone: '+7 700 000 00 00' })
      .where('id', '=', existing.personId)
      .execute();
    const sameName = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: a.school.id,
      profile: 'student',
      surname: 'Ким',
      firstName: 'Алина',
      birthDate: '2012-07-08',
    });
    const rows: TemplateRow[] = [
      { role: 'ученик', surname: 'Новенький', firstName: 'Ерлан', birthDate: '2012-05-04', gender: 'м' },
      {
        role: 'ученик',
        surname: 'Серікова',
        firstName: 'Айгерім',
        iin: makeIin('2013-02-03', 'female', 1),
        phone: '+7 777 123 45 67',
      },
      { role: 'ученик', surname: 'Серікова', firstName: 'Айгерім', iin: makeIin('2013-02-03', 'female', 1) },
      {
        role: 'ученик',
        surname: 'Плохой',
        firstName: 'ИИН',
        iin: '123456789012',
        birthDate: '2012-01-01',
        gender: 'м',
      },
      { role: 'ученик', surname: 'КИМ', firstName: 'алина', birthDate: '08.07.2012', gender: 'ж' },
      { role: 'космонавт', surname: 'Х', firstName: 'Y', birthDate: '31.02.2012', gender: '?' },
    ];
    const job = await dryRun(adminA, 'list.xlsx', await peopleXlsx(rows));
    const got = await rowsOf(adminA, job.id);
    expect(got.map((r) => r.outcome)).toEqual(['new', 'update', 'error', 'error', 'confirm', 'error']);
    // The second row of the same IIN is refused as a duplicate; the first one changes only the phone.
    expect(got[1]!.changes).toEqual(['phone']);
    expect(got[1]!.match?.via).toBe('iin');
    expect(got[2]!.errors[0]!.message).toBe('Этот ИИН уже есть в одной из предыдущих строк файла.');
    expect(got[3]!.errors).toEqual([{ field: 'iin', code: 'validation.iin', message: expect.any(String) }]);
    expect(got[4]!.match).toMatchObject({
      via: 'name',
      confirmed: false,
      person: { personId: sameName.personId, surname: 'Ким' },
    });
    expect(got[5]!.errors.map((e) => e.field)).toEqual(['role', 'birthDate', 'gender']);
    expect(got[5]!.errors[1]!.message).toBe('Это не дата: запишите её как ДД.ММ.ГГГГ.');
    expect(job.summary).toMatchObject({ new: 1, update: 1, error: 3, confirm: 1 });

    // Unchanged: a re-sent row identical to what is stored.
    const same = await dryRun(
      adminA,
      'same.csv',
      peopleCsv([
        { role: 'ученик', surname: 'Серікова', firstName: 'Айгерім', iin: makeIin('2013-02-03', 'female', 1) },
      ]),
    );
    expect(same.summary).toMatchObject({ unchanged: 1 });

    // Apply is refused while errors or confirmations remain.
    const refused = await adminA.post(`/api/v1/imports/${job.id}/apply`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toBe('В 3 строках остались ошибки: сначала исправьте их.');
  });

  it('fixes a bad row, confirms a name match, and re-maps columns', async () => {
    await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: a.school.id,
      profile: 'student',
      surname: 'Оспанова',
      firstName: 'Дана',
      birthDate: '2011-11-11',
    });
    const rows: TemplateRow[] = [
      { role: 'ученик', surname: 'Оспанова', firstName: 'Дана', birthDate: '11.11.2011', gender: 'ж', class: '6 Б' },
      { role: 'ученик', surname: 'Жұмабаев', firstName: 'Ерлан', birthDate: '2011-13-01', gender: 'м', class: '6 Б' },
    ];
    const job = await dryRun(adminA, 'fix.xlsx', await peopleXlsx(rows));
    expect(job.summary).toMatchObject({ confirm: 1, error: 1 });
    const bad = (await rowsOf(adminA, job.id, '&outcome=error'))[0]!;

    const fixed = await adminA.post(`/api/v1/imports/${job.id}/rows/${bad.rowNumber}`, {
      values: { birthDate: '01.12.2011' },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json().summary).toMatchObject({ error: 0, new: 1, confirm: 1 });

    const pending = await adminA.post(`/api/v1/imports/${job.id}/apply`);
    expect(pending.statusCode).toBe(422);
    expect(pending.json().code).toBe('imports.confirmationsPending');

    const toConfirm = (await rowsOf(adminA, job.id, '&outcome=confirm'))[0]!;
    const confirmed = await adminA.post(`/api/v1/imports/${job.id}/confirm`, { rowNumbers: [toConfirm.rowNumber] });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().summary).toMatchObject({ confirm: 0, update: 1, confirmed: 1 });
    const after = await rowsOf(adminA, job.id);
    expect(after[0]!.match).toMatchObject({ via: 'name', confirmed: true });
    expect(after[0]!.changes).toEqual(['class']);

    // Mapping: ignore the class column → nobody is enrolled any more.
    const columns = [...job.columns];
    columns[columns.indexOf('class')] = null;
    const remapped = await adminA.patch(`/api/v1/imports/${job.id}/mapping`, { columns });
    expect(remapped.statusCode, remapped.body).toBe(200);
    expect(remapped.json().summary).toMatchObject({ enrolments: 0, classesToCreate: 0, unchanged: 1 });
    const dup = await adminA.patch(`/api/v1/imports/${job.id}/mapping`, { columns: columns.map(() => 'surname') });
    expect(dup.statusCode).toBe(422);

    const discard = await adminA.delete(`/api/v1/imports/${job.id}`);
    expect(discard.statusCode).toBe(200);
    expect((await adminA.get(`/api/v1/imports/${job.id}`)).json().status).toBe('discarded');
    expect(await rowsOf(adminA, job.id)).toEqual([]);
  });
});

describe('apply', () => {
  const rows = [
    ...family('5 Ә', 'Төлеуова', 'Әсел', '2015-04-05'),
    ...family('5 Ә', 'Бекова', 'Мадина', '2015-06-07'),
    ...family('7 Ғ', 'Ахметова', 'Іңкәр', '2013-01-02'),
    // Without an IIN a re-import could only match her by name (which asks for a confirmation): an external ID.
    {
      role: 'учитель',
      surname: 'Нұрланова',
      firstName: 'Үміт',
      birthDate: '1980-01-01',
      gender: 'ж',
      email: 'umit@example.kz',
      externalId: 'T-77',
    },
  ];

  it('writes nothing when the transaction fails at the last moment', async () => {
    const before = await counts(a.school.id);
    const job = await dryRun(adminA, 'fail.xlsx', await peopleXlsx(rows));
    expect(job.summary).toMatchObject({ new: 7, error: 0, classesToCreate: 2, links: 3 });
    importRuntime(t.deps).failBeforeCommit = 'injected failure';
    try {
      const done = await apply(adminA, job.id);
      expect(done.status).toBe('failed');
      expect(done.error).toBe('Не удалось применить импорт; ничего не изменено.');
    } finally {
      importRuntime(t.deps).failBeforeCommit = null;
    }
    expect(await counts(a.school.id)).toEqual(before);
    await adminA.delete(`/api/v1/imports/${job.id}`);
  });

  it('creates people, accounts, classes, enrolments and parent links in one go; a re-import changes nothing', async () => {
    const before = await counts(a.school.id);
    const bytes = await peopleXlsx(rows);
    const job = await dryRun(adminA, 'class.xlsx', bytes);
    const done = await apply(adminA, job.id);
    expect(done.status, done.error ?? '').toBe('applied');
    expect(done.doneRows).toBe(7);
    const after = await counts(a.school.id);
    expect(after.persons - before.persons).toBe(7);
    expect(after.memberships - before.memberships).toBe(7);
    expect(after.classes - before.classes).toBe(2);
    expect(after.enrolments - before.enrolments).toBe(3);
    expect(after.links - before.links).toBe(3);

    const db = t.deps.db;
    const asel = await db
      .selectFrom('persons as p')
      .innerJoin('accounts as a', 'a.personId', 'p.id')
      .innerJoin('memberships as m', 'm.personId', 'p.id')
      .where('p.surname', '=', 'Төлеуова')
      .where('p.firstName', '=', 'Әсел')
      .select(['p.id', 'p.gender', 'a.passwordIsTemporary', 'a.locale', 'a.passwordHash', 'm.externalId', 'm.profile'])
      .executeTakeFirstOrThrow();
    // Kazakh letters kept; a temporary password at the cost for generated secrets; the class language → account.
    expect(asel).toMatchObject({ gender: 'female', passwordIsTemporary: true, locale: 'kk', profile: 'student' });
    expect(asel.externalId).toMatch(/^S-\d{12}$/);
    // Her mother's row has no language: she gets the child's (Kazakh), not the importer's (Russian, beforeAll).
    const mother = await db
      .selectFrom('persons as p')
      .innerJoin('accounts as a', 'a.personId', 'p.id')
      .where('p.surname', '=', 'Төлеуова')
      .where('p.firstName', '=', 'Гүлнұр')
      .select('a.locale')
      .executeTakeFirstOrThrow();
    expect(mother.locale).toBe('kk');
    expect(asel.passwordHash).toMatch(/^\$argon2id\$/);
    const cls = await db
      .selectFrom('classes as c')
      .innerJoin('classEnrollments as e', (j) =>
        j.onRef('e.classId', '=', 'c.id').onRef('e.schoolId', '=', 'c.schoolId'),
      )
      .where('e.studentPersonId', '=', asel.id)
      .select(['c.grade', 'c.letter', 'c.language'])
      .executeTakeFirstOrThrow();
    expect(cls).toEqual({ grade: 5, letter: 'Ә', language: 'kk' });
    expect(
      (
        await db
          .selectFrom('classes')
          .where('schoolId', '=', a.school.id)
          .where('letter', '=', 'Ғ')
          .select('grade')
          .executeTakeFirst()
      )?.grade,
    ).toBe(7);
    const audit = await db
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('at', '>=', t.clock.now())
      .select('action')
      .execute();
    const actions = audit.map((e) => e.action);
    for (const action of [
      'person.created',
      'membership.created',
      'class.created',
      'class.enrolled',
      'guardianship.created',
      'import.applied',
    ]) {
      expect(actions).toContain(action);
    }
    // The file's personal data is gone from the job; outcome and the person each row became stay.
    const stored = await db
      .selectFrom('importRows')
      .where('jobId', '=', job.id)
      .where('schoolId', '=', a.school.id)
      .select(['data', 'matchedPersonId'])
      .execute();
    expect(stored.every((r) => r.data === null && r.matchedPersonId !== null)).toBe(true);

    // Slips: one PDF per class, right after the apply.
    expect(done.slips?.groups).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ label: '5 Ә', count: 4 }),
        expect.objectContaining({ label: null, count: 1 }),
      ]),
    );
    const group = done.slips!.groups.find((g) => g.label === '5 Ә')!;
    const pdf = await adminA.post(`/api/v1/imports/${job.id}/slips?classId=${group.classId}&perPage=4`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    expect(pdf.headers['cache-control']).toBe('no-store');

    // The same file again: every row unchanged, and applying it writes nothing.
    const again = await dryRun(adminA, 'class.xlsx', bytes);
    expect(again.summary).toMatchObject({ unchanged: 7, new: 0, update: 0, error: 0, confirm: 0 });
    const redone = await apply(adminA, again.id);
    expect(redone.status).toBe('applied');
    expect(await counts(a.school.id)).toEqual(after);

    // A parent signs in with the printed credentials (the username and password the slips carry).
    const parentId = (
      await db
        .selectFrom('persons')
        .where('surname', '=', 'Бекова')
        .where('firstName', '=', 'Гүлнұр')
        .select('id')
        .executeTakeFirstOrThrow()
    ).id;
    // Sealed in the job row with the applying session's key: that session opens them, another one cannot.
    const issued = (await issuedSlips(db, a.school.id, job.id, t.clock.now(), adminA.cookie))!;
    const otherSession = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
    expect(await issuedSlips(db, a.school.id, job.id, t.clock.now(), otherSession.cookie)).toBeNull();
    const password = issued.items.find((i) => i.personId === parentId)!.password;
    const account = await db
      .selectFrom('accounts')
      .where('personId', '=', parentId)
      .select('username')
      .executeTakeFirstOrThrow();
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: account.username, password },
    });
    expect(signedIn.statusCode).toBe(200);
  });
});

describe('progress', () => {
  it('shows a running apply as applying with rows done / total, also to a fresh request (a reload)', async () => {
    const job = await dryRun(
      adminA,
      'progress.csv',
      peopleCsv([{ role: 'ученик', surname: 'Жүрісова', firstName: 'Ұлпан', birthDate: '03.03.2013', gender: 'ж' }]),
    );
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // The hashing before the gate takes a while on a loaded machine: look only once the apply reached the gate.
    let reached!: () => void;
    const atGate = new Promise<void>((r) => {
      reached = r;
    });
    importRuntime(t.deps).beforeTransaction = () => {
      reached();
      return gate;
    };
    try {
      const started = await adminA.post(`/api/v1/imports/${job.id}/apply`);
      expect(started.statusCode).toBe(202);
      await atGate;
      const reloaded = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
      const during = (await reloaded.get(`/api/v1/imports/${job.id}`)).json() as ImportJobDetail;
      expect(during.status).toBe('applying');
      expect(during.progress).toMatchObject({ phase: 'writing', total: 1 });
      expect((await reloaded.get('/api/v1/imports')).json().items[0]).toMatchObject({ id: job.id, status: 'applying' });
      // A second click while it runs changes nothing.
      expect((await adminA.post(`/api/v1/imports/${job.id}/apply`)).statusCode).toBe(409);
    } finally {
      release();
      importRuntime(t.deps).beforeTransaction = null;
    }
    const done = await waitForJob(adminA, job.id);
    expect(done).toMatchObject({ status: 'applied', doneRows: 1, progress: null });
  });

  it('marks a job left applying by a stopped server as failed at the next start', async () => {
    const job = await dryRun(
      adminA,
      'stopped.csv',
      peopleCsv([{ role: 'ученик', surname: 'Тоқтатылған', firstName: 'Ерік', birthDate: '04.04.2013', gender: 'м' }]),
    );
    await t.deps.db.updateTable('importJobs').set({ status: 'applying' }).where('id', '=', job.id).execute();
    const restarted = await buildApp(t.deps);
    await restarted.ready();
    await restarted.close();
    const after = (await adminA.get(`/api/v1/imports/${job.id}`)).json() as ImportJobDetail;
    expect(after.status).toBe('failed');
    expect(after.error).toBe(
      'Сервер остановился во время применения импорта; ничего не изменено. Примените его снова.',
    );
    // Applying it again starts from a fresh dry run.
    expect(await apply(adminA, job.id)).toMatchObject({ status: 'applied' });
  });
});

describe('malformed files', () => {
  it('refuses wrong types, broken workbooks, formulas, empty files and legacy .xls, storing nothing', async () => {
    const jobsBefore = (await adminA.get('/api/v1/imports')).json().items.length;
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const cases: Array<[string, Buffer, string]> = [
      ['photo.png', png, 'imports.file.unsupportedType'],
      ['broken.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]), 'imports.file.brokenXlsx'],
      ['text.xlsx', Buffer.from('Фамилия;Имя\nА;Б\n'), 'imports.file.brokenXlsx'],
      ['old.xls', Buffer.from('d0cf11e0a1b11ae1000000000000', 'hex'), 'imports.file.legacyXls'],
      ['empty.csv', Buffer.alloc(0), 'imports.file.empty'],
      ['blank.csv', Buffer.from('\ufeff \r\n;;\r\n'), 'imports.file.empty'],
      ['header-only.csv', Buffer.from('Фамилия;Имя;Роль\r\n'), 'imports.file.noRows'],
    ];
    for (const [name, bytes, code] of cases) {
      const res = await upload(adminA, name, bytes);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(422);
      expect(res.json().code, name).toBe(code);
      expect(res.json().message, name).toMatch(/[а-я]/);
    }
    // A formula names its cells.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('x');
    sheet.addRow(['Роль', 'Фамилия', 'Имя', 'Дата рождения', 'Пол']);
    sheet.addRow(['ученик', 'Ахметов', { formula: 'CONCAT("Нұр","лан")', result: 'Нұрлан' }, '01.01.2012', 'м']);
    const formula = await upload(adminA, 'f.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(formula.statusCode).toBe(422);
    expect(formula.json().message).toContain('C2');
    // A "zip bomb": a small upload that would unpack to more than any school's list.
    const bomb = new JSZip();
    bomb.file('[Content_Types].xml', '<Types/>');
    bomb.file('xl/worksheets/sheet1.xml', Buffer.alloc(70 * 1024 * 1024, 32));
    const bombBytes = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bombBytes.length).toBeLessThan(1024 * 1024);
    const unpacked = await upload(adminA, 'bomb.xlsx', bombBytes);
    expect(unpacked.statusCode).toBe(422);
    expect(unpacked.json().code).toBe('imports.file.unpackedTooLarge');
    // Not multipart at all.
    const json = await adminA.post('/api/v1/imports', { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect((await adminA.get('/api/v1/imports')).json().items.length).toBe(jobsBefore);
  });

  it('reads UTF-8 with and without a BOM, commas or tabs, Windows-1251; Kazakh letters survive', async () => {
    const row: TemplateRow = {
      role: 'оқушы',
      surname: 'Әбілқасымова',
      firstName: 'Ғалия',
      patronymic: 'Құрманқызы',
      birthDate: '02.03.2012',
      gender: 'әйел',
    };
    const withBom = await dryRun(adminA, 'bom.csv', peopleCsv([row]));
    const values = (await rowsOf(adminA, withBom.id))[0]!.values!;
    expect(values).toMatchObject({ surname: 'Әбілқасымова', firstName: 'Ғалия', patronymic: 'Құрманқызы' });
    expect(withBom.headers[0]).toBe('Роль');
    const letters = 'ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І';
    const kk = await dryRun(
      adminA,
      'kk.csv',
      peopleCsv([{ ...row, patronymic: letters }], { bom: false, delimiter: ',' }),
    );
    expect((await rowsOf(adminA, kk.id))[0]!.values!.patronymic).toBe(letters);
    const tabs = await dryRun(adminA, 'tabs.txt', peopleCsv([row], { delimiter: '\t' }));
    expect(tabs.summary).toMatchObject({ new: 1 });
    const cp1251 = Buffer.from(
      new Uint8Array(
        [...'Роль;Фамилия;Имя;Дата рождения;Пол\r\nученик;Петров;Артём;01.01.2012;м\r\n'].map((c) => {
          const code = c.charCodeAt(0);
          if (c === 'ё') return 0xb8;
          return code >= 0x410 && code <= 0x44f ? code - 0x410 + 0xc0 : code;
        }),
      ),
    );
    const win = await dryRun(adminA, 'win.csv', cp1251);
    expect((await rowsOf(adminA, win.id))[0]!.values).toMatchObject({ surname: 'Петров', firstName: 'Артём' });
    // Control characters (a NUL past the part that decides whether a file is text) are dropped, not a 500.
    const padding = Array.from({ length: 300 }, (_, i) => `ученик;Толтырма${i};Бала;;01.01.2012;м`).join('\r\n');
    const nul = Buffer.from(
      `Роль;Фамилия;Имя;Отчество;Дата рождения;Пол\r\n${padding}\r\nученик;Ну\u0000ль\u0007;Бала;;01.01.2012;м\r\n`,
    );
    const controls = await dryRun(adminA, 'nul.csv', nul);
    expect((await rowsOf(adminA, controls.id, '&page=2')).at(-1)!.values!.surname).toBe('Нуль');
    for (const j of [withBom, kk, tabs, win, controls]) await adminA.delete(`/api/v1/imports/${j.id}`);
  });

  it('refuses a file above IMPORT_MAX_BYTES with 413, early when the size is declared and while streaming when not', async () => {
    const small = await createTestApp({ IMPORT_MAX_BYTES: '100000' });
    try {
      const tenant = await createTenant(small.deps.db, small.deps.hasher);
      const admin = await signIn(small.app, tenant.people.schoolAdmin.username, tenant.people.schoolAdmin.password);
      const big = multipart('big.csv', Buffer.alloc(200_000, 'a'));
      const declared = await admin.request('POST', '/api/v1/imports', big.body, { 'content-type': big.contentType });
      expect(declared.statusCode).toBe(413);
      expect(declared.json().code).toBe('imports.file.tooLarge');
      // 100 MB streamed without a length: refused once the limit is passed, never buffered whole.
      const { contentType } = multipart('huge.csv', Buffer.alloc(0));
      const boundary = contentType.split('boundary=')[1]!;
      let sent = 0;
      const stream = new Readable({
        read() {
          if (sent === 0)
            this.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\n\r\n`);
          if (sent >= 100 * 1024 * 1024) {
            this.push(`\r\n--${boundary}--\r\n`);
            return this.push(null);
          }
          sent += 1024 * 1024;
          this.push(Buffer.alloc(1024 * 1024, 'a'));
        },
      });
      const streamed = await small.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        payload: stream,
        headers: { 'content-type': contentType, 'x-csrf-token': admin.csrfToken },
        cookies: { dapter_session: admin.cookie },
      });
      expect(streamed.statusCode).toBe(413);
      expect(streamed.json().message).toBeTruthy();
      expect((await admin.get('/api/v1/imports')).json().items).toEqual([]);
    } finally {
      await small.close();
    }
  });
});

describe('tenancy', () => {
  it('another school’s jobs are not found; only school administrators import', async () => {
    const job = await dryRun(
      adminA,
      'mine.csv',
      peopleCsv([{ role: 'ученик', surname: 'Исаев', firstName: 'Тимур', birthDate: '01.01.2012', gender: 'м' }]),
    );
    for (const [method, url, body] of [
      ['GET', `/api/v1/imports/${job.id}`],
      ['GET', `/api/v1/imports/${job.id}/rows`],
      ['PATCH', `/api/v1/imports/${job.id}/mapping`, { columns: job.columns }],
      ['POST', `/api/v1/imports/${job.id}/rows/2`, { values: { surname: 'X' } }],
      ['POST', `/api/v1/imports/${job.id}/confirm`, { all: true }],
      ['POST', `/api/v1/imports/${job.id}/apply`, {}],
      ['POST', `/api/v1/imports/${job.id}/slips`, {}],
      ['DELETE', `/api/v1/imports/${job.id}`],
    ] as const) {
      const res = await adminB.request(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await adminB.get('/api/v1/imports')).json().items.map((j: { id: number }) => j.id)).not.toContain(job.id);
    const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    expect((await teacher.get('/api/v1/imports')).statusCode).toBe(403);
    expect((await teacher.get('/api/v1/exports/people')).statusCode).toBe(403);
  });
});

describe('exports', () => {
  it('exports people in the template’s shape, safe against CSV formulas, and the export re-imports unchanged', async () => {
    const odd = await createPerson(t.deps.db, t.deps.hasher, {
      institutionId: a.school.id,
      profile: 'school_employee',
      roles: ['teacher'],
      surname: '=HYPERLINK("http://evil")',
      firstName: '@Test',
    });
    await t.deps.db.updateTable('persons').set({ phone: '+7 701 000 00 01' }).where('id', '=', odd.personId).execute();
    const csv = await adminA.get('/api/v1/exports/people?format=csv');
    expect(csv.statusCode).toBe(200);
    const text = csv.rawPayload.toString('utf8');
    expect(text).toContain(`'=HYPERLINK(""http://evil"")`);
    expect(text).toContain("'@Test");
    expect(text).toContain("'+7 701 000 00 01");
    expect(text).toContain('Төлеуова;Әсел');

    const xlsx = await adminA.get('/api/v1/exports/people?format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const back = await dryRun(adminA, 'export.xlsx', xlsx.rawPayload);
    expect(back.summary?.error, JSON.stringify(await rowsOf(adminA, back.id, '&outcome=error'))).toBe(0);
    expect(back.summary?.new).toBe(0);
    const back2 = await dryRun(adminA, 'export.csv', csv.rawPayload);
    expect(back2.summary).toMatchObject({ new: 0, error: 0 });
    const classes = await adminA.get('/api/v1/exports/classes?format=csv');
    expect(classes.statusCode).toBe(200);
    expect(classes.rawPayload.toString('utf8')).toContain('5 Ә;');
  });
});
