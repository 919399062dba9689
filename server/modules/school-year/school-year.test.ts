import { isoWeekday, teachingDates } from '@common/calendar.js';
import type { SchoolYear } from '@common/schemas/school-year.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { AppError } from '../../errors.js';
import { createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { seedDemoSchoolYear } from './school-year.demo.js';
import { assertYearOpen, currentYear, findYear, yearDaysOff, yearPeriods } from './school-year.queries.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let adminA: Client;
let adminB: Client;

const as = (p: { username: string; password: string }) => signIn(t.app, p.username, p.password);
const setLocale = (personId: number, locale: 'kk' | 'ru' | 'en') =>
  t.deps.db.updateTable('accounts').set({ locale }).where('personId', '=', personId).execute();

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[1]);
  // Answers in Russian for A's administrator, English for B's: the messages are checked in both.
  await setLocale(a.people.schoolAdmin.personId, 'ru');
  await setLocale(b.people.schoolAdmin.personId, 'en');
  adminA = await as(a.people.schoolAdmin);
  adminB = await as(b.people.schoolAdmin);
});
afterAll(() => t.close());

const auditRows = (institutionId: number, yearId: number) =>
  t.deps.db
    .selectFrom('auditEvents')
    .where('institutionId', '=', institutionId)
    .where('subjectType', '=', 'academicYear')
    .where('subjectId', '=', yearId)
    .select(['action', 'before', 'after', 'actorPersonId'])
    .orderBy('id')
    .execute();

/** A fresh school (tenant) with its administrator signed in, for tests that need an empty list of years. */
async function freshSchool(locale: 'kk' | 'ru' | 'en' = 'en') {
  const tenant = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[2]);
  await setLocale(tenant.people.schoolAdmin.personId, locale);
  return { tenant, admin: await as(tenant.people.schoolAdmin) };
}

async function createFromTemplate(client: Client, templateStartYear = 2026): Promise<SchoolYear> {
  const res = await client.post('/api/v1/school-years', { templateStartYear });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('GET /calendar-templates', () => {
  it('lists the national calendars 2025–26 and 2026–27 with quarters, half-years, breaks and holidays', async () => {
    const res = await adminA.get('/api/v1/calendar-templates');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{
      startYear: number;
      name: string;
      startsOn: string;
      endsOn: string;
      periods: Array<{ kind: string; number: number; startsOn: string; endsOn: string }>;
      daysOff: Array<{ kind: string; startsOn: string; endsOn: string; grades: number[] | null; names: object }>;
    }>;
    expect(items.map((i) => [i.startYear, i.name, i.startsOn, i.endsOn])).toEqual([
      [2026, '2026–2027', '2026-09-01', '2027-05-25'],
      [2025, '2025–2026', '2025-09-01', '2026-05-25'],
    ]);
    const [y2026, y2025] = items as [(typeof items)[number], (typeof items)[number]];
    expect(y2026.periods.filter((p) => p.kind === 'quarter').map((p) => [p.startsOn, p.endsOn])).toEqual([
      ['2026-09-01', '2026-10-25'],
      ['2026-11-02', '2026-12-27'],
      ['2027-01-11', '2027-03-21'],
      ['2027-03-29', '2027-05-25'],
    ]);
    expect(y2026.periods.filter((p) => p.kind === 'half_year').map((p) => [p.startsOn, p.endsOn])).toEqual([
      ['2026-09-01', '2026-12-27'],
      ['2027-01-11', '2027-05-25'],
    ]);
    const breaks2026 = y2026.daysOff.filter((d) => d.kind === 'break');
    expect(breaks2026.map((d) => [d.startsOn, d.endsOn, d.grades])).toEqual([
      ['2026-10-26', '2026-11-01', null],
      ['2026-12-28', '2027-01-10', null],
      ['2027-02-08', '2027-02-14', [1]],
      ['2027-03-22', '2027-03-28', null],
    ]);
    const holidayStarts = (y: typeof y2026) => y.daysOff.filter((d) => d.kind === 'holiday').map((d) => d.startsOn);
    expect(holidayStarts(y2026)).toEqual(
      expect.arrayContaining(['2026-10-25', '2026-12-16', '2027-01-01', '2027-03-08', '2027-03-15', '2027-03-21']),
    );
    expect(y2026.daysOff.find((d) => d.startsOn === '2027-03-21')).toMatchObject({
      endsOn: '2027-03-23',
      names: { kk: 'Наурыз мейрамы', ru: 'Праздник Наурыз', en: 'Nauryz' },
    });
    expect(holidayStarts(y2026)).toEqual(expect.arrayContaining(['2027-05-01', '2027-05-07', '2027-05-09']));
    // 2025–26: 1 September was a day off (classes from the 2nd); Constitution Day from 2026 is 15 March.
    expect(holidayStarts(y2025)).toEqual(expect.arrayContaining(['2025-09-01', '2026-03-15', '2026-03-21']));
    expect(y2025.daysOff.find((d) => d.grades !== null)).toMatchObject({
      startsOn: '2026-02-09',
      endsOn: '2026-02-15',
    });
    // Every day off lies inside its year, and no quarter contains a break.
    for (const y of items) {
      for (const d of y.daysOff) expect(d.startsOn >= y.startsOn && d.endsOn <= y.endsOn).toBe(true);
      for (const q of y.periods.filter((p) => p.kind === 'quarter'))
        for (const br of y.daysOff.filter((d) => d.kind === 'break' && d.grades === null))
          expect(br.endsOn < q.startsOn || br.startsOn > q.endsOn).toBe(true);
    }
  });
});

describe('creating a year from the national calendar', () => {
  it('copies dates, periods and days off (grade 1 has its extra February week) and audits it', async () => {
    const { tenant, admin } = await freshSchool();
    const year = await createFromTemplate(admin);
    expect(year).toMatchObject({
      name: '2026–2027',
      startsOn: '2026-09-01',
      endsOn: '2027-05-25',
      templateStartYear: 2026,
      status: 'active',
      closedAt: null,
      daysPerWeek: 5,
      shifts: 1,
      canManage: true,
      bells: [],
    });
    expect(year.maxLessonsPerDay).toHaveLength(13);
    expect(year.periods).toHaveLength(6);
    const extra = year.daysOff.find((d) => d.grades !== null);
    expect(extra).toMatchObject({
      kind: 'break',
      startsOn: '2027-02-08',
      endsOn: '2027-02-14',
      grades: [1],
      name: '1-сынып оқушыларына қосымша демалыс',
      names: { en: 'Extra break for grade 1' },
    });

    // The calendar the timetable generates lessons from: grade 1 loses exactly that week.
    const teaching = (grade: number) =>
      teachingDates({ startsOn: year.startsOn, endsOn: year.endsOn, daysPerWeek: 5, daysOff: year.daysOff, grade });
    const g1 = teaching(1);
    const g2 = teaching(2);
    expect(g2.length - g1.length).toBe(5);
    expect(g2).toContain('2027-02-09');
    expect(g1).not.toContain('2027-02-09');
    for (const off of ['2026-10-26', '2026-12-16', '2027-01-08', '2027-03-08', '2027-03-15', '2027-05-10'])
      expect(g2).not.toContain(off);
    expect(g2.every((d) => isoWeekday(d) <= 5)).toBe(true);

    const list = await admin.get('/api/v1/school-years');
    expect(list.json()).toEqual({ items: [expect.objectContaining({ id: year.id })], currentYearId: year.id });
    expect(await auditRows(tenant.school.id, year.id)).toEqual([
      expect.objectContaining({
        action: 'schoolYear.created',
        actorPersonId: tenant.people.schoolAdmin.personId,
        after: expect.objectContaining({ templateStartYear: 2026, periods: 6, daysOff: year.daysOff.length }),
      }),
    ]);
  });

  it('refuses a second year over the same dates and an unknown calendar, localised', async () => {
    const { admin } = await freshSchool('ru');
    await createFromTemplate(admin);
    const again = await admin.post('/api/v1/school-years', { templateStartYear: 2026 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({
      code: 'schoolYear.overlaps',
      message: 'Даты пересекаются с учебным годом 2026–2027.',
    });
    const overlapping = await admin.post('/api/v1/school-years', { startsOn: '2027-05-01', endsOn: '2027-12-31' });
    expect(overlapping.json().code).toBe('schoolYear.overlaps');
    const unknown = await admin.post('/api/v1/school-years', { templateStartYear: 2031 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toEqual({
      code: 'schoolYear.unknownTemplate',
      message: 'Для этого года нет государственного календаря.',
    });
    // The previous year from its own calendar does not overlap.
    const previous = await createFromTemplate(admin, 2025);
    expect(previous.daysOff.find((d) => d.startsOn === '2025-09-01')?.names?.ru).toBe(
      'Выходной день (перенос с 30 августа)',
    );
    const list = (await admin.get('/api/v1/school-years')).json();
    expect(list.items.map((y: { name: string }) => y.name)).toEqual(['2026–2027', '2025–2026']);
  });
});

describe('a custom year and validation', () => {
  it('creates a year with its own dates and periods', async () => {
    const { admin } = await freshSchool();
    const res = await admin.post('/api/v1/school-years', {
      name: 'Пилот 2024',
      startsOn: '2024-09-02',
      endsOn: '2025-05-25',
      daysPerWeek: 6,
      shifts: 2,
      periods: [
        { kind: 'half_year', number: 1, startsOn: '2024-09-02', endsOn: '2024-12-27' },
        { kind: 'half_year', number: 2, startsOn: '2025-01-09', endsOn: '2025-05-25' },
      ],
      daysOff: [
        { kind: 'holiday', startsOn: '2024-12-16', endsOn: '2024-12-16', grades: null, name: 'Тәуелсіздік күні' },
      ],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      name: 'Пилот 2024',
      templateStartYear: null,
      daysPerWeek: 6,
      shifts: 2,
      periods: [
        { kind: 'half_year', number: 1 },
        { kind: 'half_year', number: 2 },
      ],
      daysOff: [{ name: 'Тәуелсіздік күні', names: null, grades: null }],
    });
  });

  it('answers bad input with localised 4xx and writes nothing', async () => {
    const { tenant, admin } = await freshSchool('ru');
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, 'validation.failed'],
      [{ templateStartYear: 2026, startsOn: '2026-09-01', endsOn: '2027-05-25' }, 400, 'validation.failed'],
      [{ startsOn: '2026-09-01', endsOn: '2026-02-30' }, 400, 'validation.failed'],
      [{ startsOn: '2026-09-01', endsOn: '2026-08-01' }, 422, 'schoolYear.endBeforeStart'],
      [{ startsOn: '2026-09-01', endsOn: '2028-09-01' }, 422, 'schoolYear.tooLong'],
      [{ templateStartYear: 2026, daysPerWeek: 7 }, 400, 'validation.failed'],
      [{ templateStartYear: 2026, shifts: 4 }, 400, 'validation.failed'],
      [
        {
          startsOn: '2026-09-01',
          endsOn: '2027-05-25',
          periods: [
            { kind: 'quarter', number: 1, startsOn: '2026-09-01', endsOn: '2026-11-01' },
            { kind: 'quarter', number: 2, startsOn: '2026-10-20', endsOn: '2026-12-27' },
          ],
        },
        422,
        'schoolYear.quarterOverlap',
      ],
      [
        {
          startsOn: '2026-09-01',
          endsOn: '2027-05-25',
          periods: [{ kind: 'quarter', number: 2, startsOn: '2026-09-01', endsOn: '2026-10-25' }],
        },
        422,
        'schoolYear.quarterNumbers',
      ],
      [
        {
          startsOn: '2026-09-01',
          endsOn: '2027-05-25',
          daysOff: [{ kind: 'break', startsOn: '2027-05-20', endsOn: '2027-06-10', grades: null, name: 'Лето' }],
        },
        422,
        'schoolYear.dayOffOutsideYear',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await admin.post('/api/v1/school-years', body);
      expect([res.statusCode, res.json().code], JSON.stringify(body)).toEqual([status, code]);
      expect(res.json().message).toMatch(/[а-яё]/i);
    }
    const overlap = await admin.post('/api/v1/school-years', cases[7]![0]);
    expect(overlap.json().message).toBe('Четверть 2 должна начинаться после окончания четверти 1.');
    const rows = await t.deps.db
      .selectFrom('academicYears')
      .where('schoolId', '=', tenant.school.id)
      .selectAll()
      .execute();
    expect(rows).toEqual([]);
  });
});

describe('editing a year', () => {
  let admin: Client;
  let year: SchoolYear;
  let schoolId: number;
  beforeAll(async () => {
    const s = await freshSchool('en');
    admin = s.admin;
    schoolId = s.tenant.school.id;
    year = await createFromTemplate(admin);
  });

  it('changes the week settings and audits only what changed', async () => {
    const max = [4, 4, 5, 5, 5, 6, 7, 7, 7, 8, 8, 8, 8];
    const res = await admin.patch(`/api/v1/school-years/${year.id}`, {
      name: '2026–2027 оқу жылы',
      daysPerWeek: 6,
      shifts: 2,
      maxLessonsPerDay: max,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '2026–2027 оқу жылы', daysPerWeek: 6, shifts: 2, maxLessonsPerDay: max });
    const audit = (await auditRows(schoolId, year.id)).at(-1);
    expect(audit).toMatchObject({
      action: 'schoolYear.updated',
      before: { daysPerWeek: 5, shifts: 1 },
      after: { daysPerWeek: 6, shifts: 2, maxLessonsPerDay: max },
    });

    for (const body of [{}, { daysPerWeek: 4 }, { shifts: 0 }, { maxLessonsPerDay: [5, 5] }, { name: '' }]) {
      const bad = await admin.patch(`/api/v1/school-years/${year.id}`, body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
    }
    const short = await admin.patch(`/api/v1/school-years/${year.id}`, { maxLessonsPerDay: [5, 5] });
    expect(short.json().issues[0].message).toBe('Give the maximum number of lessons for each grade from 0 to 12.');
  });

  it('replaces periods, keeping the ids of the ones that stay', async () => {
    const before = year.periods;
    const periods = before.map(({ kind, number, startsOn, endsOn }) => ({ kind, number, startsOn, endsOn }));
    periods[0] = { ...periods[0]!, endsOn: '2026-10-23' };
    const res = await admin.put(`/api/v1/school-years/${year.id}/periods`, {
      periods: periods.filter((p) => p.kind === 'quarter'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json().periods as SchoolYear['periods'];
    expect(after).toHaveLength(4);
    expect(after[0]).toEqual({ ...before[0], endsOn: '2026-10-23' });
    expect(after.map((p) => p.id)).toEqual(before.slice(0, 4).map((p) => p.id));

    const outside = await admin.put(`/api/v1/school-years/${year.id}/periods`, {
      periods: [{ kind: 'quarter', number: 1, startsOn: '2026-08-25', endsOn: '2026-10-25' }],
    });
    expect(outside.statusCode).toBe(422);
    expect(outside.json()).toEqual({
      code: 'schoolYear.quarterOutsideYear',
      message: 'Quarter 1 lies outside the dates of the school year.',
    });
    const twice = await admin.put(`/api/v1/school-years/${year.id}/periods`, {
      periods: [
        { kind: 'half_year', number: 1, startsOn: '2026-09-01', endsOn: '2026-12-27' },
        { kind: 'half_year', number: 1, startsOn: '2027-01-11', endsOn: '2027-05-25' },
      ],
    });
    expect(twice.json().code).toBe('schoolYear.halfYearDuplicate');
    expect((await yearPeriods(t.deps.db, schoolId, year.id)).length).toBe(4);
    expect((await auditRows(schoolId, year.id)).at(-1)?.action).toBe('schoolYear.periodsReplaced');
  });

  it('replaces the days off, with grade-specific ones', async () => {
    const kept = year.daysOff.map(({ kind, startsOn, endsOn, grades, name, names }) => ({
      kind,
      startsOn,
      endsOn,
      grades,
      name,
      names,
    }));
    const res = await admin.put(`/api/v1/school-years/${year.id}/days-off`, {
      daysOff: [
        ...kept,
        { kind: 'other', startsOn: '2026-11-20', endsOn: '2026-11-20', grades: [11, 9, 11], name: 'Сынақ ЕНТ' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const added = (res.json().daysOff as SchoolYear['daysOff']).find((d) => d.kind === 'other');
    expect(added).toMatchObject({ grades: [9, 11], names: null });
    expect((res.json().daysOff as SchoolYear['daysOff']).find((d) => d.grades?.includes(1))?.names?.kk).toBe(
      '1-сынып оқушыларына қосымша демалыс',
    );
    const bad = await admin.put(`/api/v1/school-years/${year.id}/days-off`, {
      daysOff: [{ kind: 'other', startsOn: '2027-06-01', endsOn: '2027-06-01', grades: null, name: 'x' }],
    });
    expect(bad.json().code).toBe('schoolYear.dayOffOutsideYear');
    const badGrade = await admin.put(`/api/v1/school-years/${year.id}/days-off`, {
      daysOff: [{ kind: 'other', startsOn: '2026-11-20', endsOn: '2026-11-20', grades: [13], name: 'x' }],
    });
    expect(badGrade.statusCode).toBe(400);
    expect((await yearDaysOff(t.deps.db, schoolId, year.id)).length).toBe(year.daysOff.length + 1);
  });

  it('replaces the bell schedules per shift and refuses overlaps', async () => {
    const shift1 = [
      { number: 1, startsAt: '08:00', endsAt: '08:45' },
      { number: 2, startsAt: '08:55', endsAt: '09:40' },
    ];
    const shift2 = [
      { number: 0, startsAt: '13:00', endsAt: '13:25' },
      { number: 1, startsAt: '13:30', endsAt: '14:15' },
    ];
    const res = await admin.put(`/api/v1/school-years/${year.id}/bells`, {
      shifts: [
        { shift: 1, lessons: shift1 },
        { shift: 2, lessons: shift2 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().bells).toEqual([
      { shift: 1, lessons: shift1 },
      { shift: 2, lessons: shift2 },
    ]);
    const cases: Array<[unknown, number, string]> = [
      [
        [{ shift: 1, lessons: [shift1[0], { number: 2, startsAt: '08:40', endsAt: '09:25' }] }],
        422,
        'schoolYear.bellsOverlap',
      ],
      [[{ shift: 1, lessons: [shift1[1], shift1[0]] }], 422, 'schoolYear.bellsNotSorted'],
      [
        [{ shift: 1, lessons: [{ number: 1, startsAt: '09:00', endsAt: '08:00' }] }],
        422,
        'schoolYear.bellEndBeforeStart',
      ],
      [[{ shift: 3, lessons: shift1 }], 422, 'schoolYear.shiftBeyondYear'],
      [
        [
          { shift: 1, lessons: shift1 },
          { shift: 1, lessons: shift1 },
        ],
        422,
        'schoolYear.duplicateShift',
      ],
      [[{ shift: 1, lessons: [{ number: 1, startsAt: '24:00', endsAt: '24:45' }] }], 400, 'validation.failed'],
      [[{ shift: 1, lessons: [{ number: 13, startsAt: '08:00', endsAt: '08:45' }] }], 400, 'validation.failed'],
    ];
    for (const [shifts, status, code] of cases) {
      const bad = await admin.put(`/api/v1/school-years/${year.id}/bells`, { shifts });
      expect([bad.statusCode, bad.json().code], JSON.stringify(shifts)).toEqual([status, code]);
    }
    const overlap = await admin.put(`/api/v1/school-years/${year.id}/bells`, { shifts: [cases[0]![0]].flat() });
    expect(overlap.json().message).toBe('Shift 1: lesson 2 starts before lesson 1 ends.');
    // Going back to one shift drops the second shift's bells with it.
    const one = await admin.patch(`/api/v1/school-years/${year.id}`, { shifts: 1 });
    expect(one.json().bells).toEqual([{ shift: 1, lessons: shift1 }]);
    expect((await auditRows(schoolId, year.id)).at(-1)).toMatchObject({
      action: 'schoolYear.updated',
      after: { shifts: 1, bellsDeleted: 2 },
    });
  });

  it('refuses dropping a shift or Saturdays that classes and the timetable use', async () => {
    await admin.patch(`/api/v1/school-years/${year.id}`, { shifts: 2, daysPerWeek: 6 });
    const cls = await t.deps.db
      .insertInto('classes')
      .values({ schoolId, yearId: year.id, grade: 5, letter: 'Ә', language: 'kk', shift: 2 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const res = await admin.patch(`/api/v1/school-years/${year.id}`, { shifts: 1 });
    expect([res.statusCode, res.json().code]).toEqual([409, 'schoolYear.shiftInUse']);
    await t.deps.db
      .updateTable('classes')
      .set({ shift: 1 })
      .where('schoolId', '=', schoolId)
      .where('id', '=', cls.id)
      .execute();
    const ok = await admin.patch(`/api/v1/school-years/${year.id}`, { shifts: 1, daysPerWeek: 5 });
    expect(ok.statusCode).toBe(200);
  });
});

describe('who may read and write', () => {
  let year: SchoolYear;
  beforeAll(async () => {
    year = await createFromTemplate(adminA);
  });

  it('lets the school read (staff, students, parents) but only its administrators write', async () => {
    for (const p of [a.people.teacher, a.people.student, a.people.parent]) {
      const c = await as(p);
      const res = await c.get(`/api/v1/school-years/${year.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().canManage).toBe(false);
      expect((await c.get('/api/v1/school-years')).json().items.map((y: { id: number }) => y.id)).toContain(year.id);
      const write = await c.patch(`/api/v1/school-years/${year.id}`, { name: 'Changed' });
      expect(write.statusCode).toBe(403);
      expect((await c.post('/api/v1/school-years', { templateStartYear: 2025 })).statusCode).toBe(403);
      expect((await c.post(`/api/v1/school-years/${year.id}/close`)).statusCode).toBe(403);
    }
    expect((await adminA.get(`/api/v1/school-years/${year.id}`)).json().canManage).toBe(true);
  });

  it("answers 404 for another school's year and never lists it", async () => {
    const res = await adminB.get(`/api/v1/school-years/${year.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ code: 'notFound', message: 'Not found.' });
    for (const [method, url, body] of [
      ['PATCH', `/api/v1/school-years/${year.id}`, { name: 'x' }],
      ['PUT', `/api/v1/school-years/${year.id}/periods`, { periods: [] }],
      ['PUT', `/api/v1/school-years/${year.id}/days-off`, { daysOff: [] }],
      ['PUT', `/api/v1/school-years/${year.id}/bells`, { shifts: [] }],
      ['POST', `/api/v1/school-years/${year.id}/close`, {}],
    ] as const) {
      expect((await adminB.request(method, url, body)).statusCode, url).toBe(404);
    }
    expect((await adminB.get('/api/v1/school-years')).json().items.map((y: { id: number }) => y.id)).not.toContain(
      year.id,
    );
    const after = await findYear(t.deps.db, a.school.id, year.id);
    expect(after).toMatchObject({ name: year.name, status: 'active' });
  });

  it('refuses authority staff, whose context is not a school', async () => {
    const district = await as(a.people.districtAdmin);
    expect((await district.get('/api/v1/school-years')).statusCode).toBe(403);
    expect((await district.post('/api/v1/school-years', { templateStartYear: 2026 })).statusCode).toBe(403);
  });
});

describe('closing a year', () => {
  it('archives it, ends its open enrolments on its last day, and refuses every later write', async () => {
    const { tenant, admin } = await freshSchool('kk');
    const schoolId = tenant.school.id;
    const year = await createFromTemplate(admin);
    const cls = await t.deps.db
      .insertInto('classes')
      .values({ schoolId, yearId: year.id, grade: 5, letter: 'Ә', language: 'kk' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const students = await Promise.all(
      [1, 2, 3].map(() => createPerson(t.deps.db, t.deps.hasher, { institutionId: schoolId, profile: 'student' })),
    );
    await t.deps.db
      .insertInto('classEnrollments')
      .values([
        ...students.map((s) => ({
          schoolId,
          yearId: year.id,
          classId: cls.id,
          studentPersonId: s.personId,
          startsOn: '2026-09-01',
        })),
        // Moved out earlier: stays as it was.
        {
          schoolId,
          yearId: year.id,
          classId: cls.id,
          studentPersonId: students[0]!.personId,
          startsOn: '2026-09-01',
          endsOn: '2026-09-10',
          endReason: 'moved' as const,
        },
      ])
      .execute();

    const res = await admin.post(`/api/v1/school-years/${year.id}/close`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ endedEnrollments: 3, year: { status: 'closed', canManage: false } });
    expect(res.json().year.closedAt).toBe(t.clock.now().toISOString());
    const enrolments = await t.deps.db
      .selectFrom('classEnrollments')
      .where('schoolId', '=', schoolId)
      .select(['endsOn', 'endReason'])
      .orderBy('id')
      .execute();
    expect(enrolments).toEqual([
      { endsOn: '2027-05-25', endReason: 'year_closed' },
      { endsOn: '2027-05-25', endReason: 'year_closed' },
      { endsOn: '2027-05-25', endReason: 'year_closed' },
      { endsOn: '2026-09-10', endReason: 'moved' },
    ]);

    const writes = [
      ['PATCH', `/api/v1/school-years/${year.id}`, { name: 'x' }],
      ['PUT', `/api/v1/school-years/${year.id}/periods`, { periods: [] }],
      ['PUT', `/api/v1/school-years/${year.id}/days-off`, { daysOff: [] }],
      ['PUT', `/api/v1/school-years/${year.id}/bells`, { shifts: [] }],
      ['POST', `/api/v1/school-years/${year.id}/close`, {}],
    ] as const;
    for (const [method, url, body] of writes) {
      const r = await admin.request(method, url, body);
      expect([r.statusCode, r.json().code], url).toEqual([409, 'schoolYear.closed']);
      expect(r.json().message).toBe('2026–2027 оқу жылы жабылған: оны қарауға болады, бірақ өзгертуге болмайды.');
    }
    // Looking back stays.
    const look = await admin.get(`/api/v1/school-years/${year.id}`);
    expect(look.statusCode).toBe(200);
    expect(look.json().periods).toHaveLength(6);
    const list = (await admin.get('/api/v1/school-years')).json();
    expect(list.items[0]).toMatchObject({ id: year.id, status: 'closed' });
    expect(list.currentYearId).toBe(year.id); // today (1 Oct 2026) is inside it

    const audit = await auditRows(schoolId, year.id);
    expect(audit.map((r) => r.action)).toEqual(['schoolYear.created', 'schoolYear.closed']);
    expect(audit[1]).toMatchObject({ after: { status: 'closed', endedEnrollments: 3 } });

    // Other modules' writes into the year go through the same check.
    await expect(
      t.deps.db.transaction().execute((trx) => assertYearOpen(trx, schoolId, year.id)),
    ).rejects.toMatchObject({ statusCode: 409, code: 'schoolYear.closed' });
    await expect(assertYearOpen(t.deps.db, a.school.id, year.id)).rejects.toBeInstanceOf(AppError);
  });
});

describe('currentYear', () => {
  it("picks today's year, else the latest active one, else none", async () => {
    const { tenant, admin } = await freshSchool();
    const schoolId = tenant.school.id;
    expect(await currentYear(t.deps.db, schoolId, '2026-10-01')).toBeNull();
    const y2025 = await createFromTemplate(admin, 2025);
    const y2026 = await createFromTemplate(admin, 2026);
    expect((await currentYear(t.deps.db, schoolId, '2026-10-01'))?.id).toBe(y2026.id);
    expect((await currentYear(t.deps.db, schoolId, '2026-01-15'))?.id).toBe(y2025.id);
    // Summer: the year being prepared.
    expect((await currentYear(t.deps.db, schoolId, '2026-07-01'))?.id).toBe(y2026.id);
    await admin.post(`/api/v1/school-years/${y2026.id}/close`);
    expect((await currentYear(t.deps.db, schoolId, '2026-07-01'))?.id).toBe(y2025.id);
    await admin.post(`/api/v1/school-years/${y2025.id}/close`);
    expect(await currentYear(t.deps.db, schoolId, '2027-07-01')).toBeNull();
  });
});

describe('demo seed', () => {
  it('creates the 2026–27 year with two shifts of 45-minute lessons', async () => {
    const { tenant } = await freshSchool();
    const yearId = await seedDemoSchoolYear(t.deps.db, tenant.school.id);
    const year = await findYear(t.deps.db, tenant.school.id, yearId);
    expect(year).toMatchObject({ name: '2026–2027', shifts: 2, templateStartYear: 2026 });
    const admin = await as(tenant.people.schoolAdmin);
    const full = (await admin.get(`/api/v1/school-years/${yearId}`)).json() as SchoolYear;
    expect(full.bells.map((s) => [s.shift, s.lessons[0]?.startsAt, s.lessons[0]?.endsAt])).toEqual([
      [1, '08:00', '08:45'],
      [2, '13:30', '14:15'],
    ]);
    expect(full.periods).toHaveLength(6);
  });
});

describe('garbage from a school administrator', () => {
  it('never reaches a 500: every refusal is a localised 4xx', async () => {
    const { tenant, admin } = await freshSchool('ru');
    const year = await createFromTemplate(admin);
    const BAD: unknown[] = [
      null,
      {},
      [],
      -1,
      0,
      1.5,
      true,
      'x'.repeat(5000),
      '',
      "'; drop table days_off; --",
      2 ** 60,
    ];
    const period = { kind: 'quarter', number: 1, startsOn: '2026-09-01', endsOn: '2026-10-25' };
    const dayOff = { kind: 'other', startsOn: '2026-11-20', endsOn: '2026-11-20', grades: null, name: 'x' };
    const lesson = { number: 1, startsAt: '08:00', endsAt: '08:45' };
    const targets: Array<[string, string, Record<string, unknown>]> = [
      ['PATCH', `/api/v1/school-years/${year.id}`, { name: 'x', daysPerWeek: 5, shifts: 1, maxLessonsPerDay: [] }],
      ['PUT', `/api/v1/school-years/${year.id}/periods`, period],
      ['PUT', `/api/v1/school-years/${year.id}/days-off`, dayOff],
      ['PUT', `/api/v1/school-years/${year.id}/bells`, lesson],
      ['POST', '/api/v1/school-years', { templateStartYear: 2026, startsOn: '', endsOn: '', name: '' }],
    ];
    const failures: string[] = [];
    const wrap = (url: string, item: unknown) =>
      url.endsWith('/periods')
        ? { periods: [item] }
        : url.endsWith('/days-off')
          ? { daysOff: [item] }
          : url.endsWith('/bells')
            ? { shifts: [{ shift: 1, lessons: [item] }] }
            : item;
    for (const [method, url, valid] of targets) {
      for (const field of Object.keys(valid)) {
        for (const bad of BAD) {
          const body = wrap(url, { ...valid, [field]: bad });
          const res = await admin.request(method as 'PUT', url, body);
          const what = `${method} ${url} ${JSON.stringify(body).slice(0, 120)} → ${res.statusCode}`;
          if (res.statusCode >= 500) failures.push(what);
          else if (res.statusCode >= 400 && !(res.json().code && res.json().message))
            failures.push(`${what} unlocalised`);
        }
      }
    }
    expect(failures).toEqual([]);
    // Creation garbage never created a second year.
    expect(
      (await t.deps.db.selectFrom('academicYears').where('schoolId', '=', tenant.school.id).select('id').execute())
        .length,
    ).toBe(1);
  });
});
