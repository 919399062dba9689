import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGION_IDS } from '../../db/migrations/0002_reference_institutions.js';
import { SUBJECT_CATALOGUE } from '../../db/migrations/0010_reference_subjects.js';
import { createTenant, type Tenant } from '../../test/factories.js';
import { type Client, createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { closeYear, createYear } from '../classes/classes.fixtures.js';

let t: TestApp;
let a: Tenant;
let b: Tenant;
let adminA: Client;
let adminB: Client;
let yearA: number;
beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
  b = await createTenant(t.deps.db, t.deps.hasher, REGION_IDS[1]);
  adminA = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
  adminB = await signIn(t.app, b.people.schoolAdmin.username, b.people.schoolAdmin.password);
  yearA = (await createYear(t.deps.db, a.school.id)).id;
});
afterAll(() => t.close());

const db = () => t.deps.db;
type SubjectJson = { id: number; catalogueCode: string | null; nameKk: string; archivedAt: string | null };
const addFromCatalogue = async (codes: string[], client = adminA) => {
  const res = await client.post('/api/v1/subjects', { catalogueCodes: codes });
  expect(res.statusCode, res.body).toBe(201);
  const items = res.json().items as SubjectJson[];
  return Object.fromEntries(items.map((s) => [s.catalogueCode!, s.id]));
};

describe('subject catalogue and subjects', () => {
  it('serves the national catalogue with real Kazakh names', async () => {
    const res = await adminA.get('/api/v1/subject-catalogue');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as Array<{ code: string; nameKk: string; nameRu: string }>;
    expect(items).toHaveLength(SUBJECT_CATALOGUE.length);
    const byCode = Object.fromEntries(items.map((i) => [i.code, i]));
    expect(byCode.self_knowledge).toMatchObject({ nameKk: 'Өзін-өзі тану', nameRu: 'Самопознание' });
    expect(byCode.history_of_kazakhstan?.nameKk).toBe('Қазақстан тарихы');
    expect(byCode.nvp?.nameRu).toBe('Начальная военная и технологическая подготовка');
    for (const code of ['kazakh_language', 'algebra', 'geometry', 'digital_literacy', 'global_competencies']) {
      expect(byCode[code], code).toBeDefined();
    }
  });

  it('adds many subjects from the catalogue at once, idempotently, and audits each', async () => {
    const first = await adminA.post('/api/v1/subjects', { catalogueCodes: ['algebra', 'geometry', 'algebra'] });
    expect(first.statusCode, first.body).toBe(201);
    expect(
      first
        .json()
        .items.map((s: SubjectJson) => s.nameKk)
        .sort(),
    ).toEqual(['Алгебра', 'Геометрия']);
    const again = await adminA.post('/api/v1/subjects', { catalogueCodes: ['geometry', 'biology'] });
    expect(again.json().items).toHaveLength(2);
    const rows = await db()
      .selectFrom('subjects')
      .where('schoolId', '=', a.school.id)
      .where('catalogueCode', 'in', ['algebra', 'geometry', 'biology'])
      .select('id')
      .execute();
    expect(rows).toHaveLength(3);
    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'subject.created')
      .where(
        'subjectId',
        'in',
        rows.map((r) => r.id),
      )
      .select('subjectId')
      .execute();
    expect(audit).toHaveLength(3);
    const unknown = await adminA.post('/api/v1/subjects', { catalogueCodes: ['astrology'] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().code).toBe('subjects.unknownCode');
  });

  it("adds the school's own subject, renames it, archives it and brings it back", async () => {
    const mixed = await adminA.post('/api/v1/subjects', { catalogueCodes: ['music'], nameKk: 'x' });
    expect(mixed.statusCode).toBe(400);
    const missing = await adminA.post('/api/v1/subjects', { nameKk: 'Шахмат' });
    expect(missing.statusCode).toBe(400);
    const res = await adminA.post('/api/v1/subjects', {
      nameKk: 'Шахмат',
      nameRu: 'Шахматы',
      nameEn: 'Chess',
      externalId: 'CHESS-1',
    });
    expect(res.statusCode, res.body).toBe(201);
    const own = res.json().items[0] as SubjectJson;
    expect(own).toMatchObject({ catalogueCode: null, nameKk: 'Шахмат' });
    const taken = await adminA.post('/api/v1/subjects', {
      nameKk: 'Тоғызқұмалақ',
      nameRu: 'Тогыз кумалак',
      nameEn: 'Togyz kumalak',
      externalId: 'CHESS-1',
    });
    expect(taken.statusCode).toBe(409);

    const renamed = await adminA.patch(`/api/v1/subjects/${own.id}`, { nameEn: 'Chess club' });
    expect(renamed.json()).toMatchObject({ nameEn: 'Chess club', nameKk: 'Шахмат' });
    const archived = await adminA.post(`/api/v1/subjects/${own.id}/archive`, {});
    expect(archived.json().archivedAt).not.toBeNull();
    const active = (await adminA.get('/api/v1/subjects')).json().items as SubjectJson[];
    expect(active.map((s) => s.id)).not.toContain(own.id);
    const all = (await adminA.get('/api/v1/subjects?includeArchived=true')).json().items as SubjectJson[];
    expect(all.map((s) => s.id)).toContain(own.id);
    const back = await adminA.post(`/api/v1/subjects/${own.id}/archive`, { archived: false });
    expect(back.json().archivedAt).toBeNull();

    // Another school neither sees nor touches it.
    expect((await adminB.get('/api/v1/subjects?includeArchived=true')).json().items).toEqual([]);
    expect((await adminB.patch(`/api/v1/subjects/${own.id}`, { nameEn: 'x' })).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/subjects/${own.id}/archive`, {})).statusCode).toBe(404);
    const actions = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('subjectType', '=', 'subject')
      .where('subjectId', '=', own.id)
      .select('action')
      .orderBy('id')
      .execute();
    expect(actions.map((x) => x.action)).toEqual([
      'subject.created',
      'subject.updated',
      'subject.archived',
      'subject.restored',
    ]);
  });

  it('lets only administrators change subjects', async () => {
    const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    expect((await teacher.get('/api/v1/subjects')).statusCode).toBe(200);
    expect((await teacher.post('/api/v1/subjects', { catalogueCodes: ['chemistry'] })).statusCode).toBe(403);
  });
});

describe('curriculum', () => {
  it('replaces whole sections, keeps the others, and warns above the weekly caps without refusing', async () => {
    const ids = await addFromCatalogue(['mathematics', 'kazakh_language', 'music', 'physical_education']);
    const put = await adminA.put(`/api/v1/school-years/${yearA}/curriculum`, {
      sections: [
        {
          grade: 1,
          language: 'kk',
          hours: [
            { subjectId: ids.mathematics, hoursPerWeek: 4 },
            { subjectId: ids.kazakh_language, hoursPerWeek: 14.5 },
            { subjectId: ids.music, hoursPerWeek: 1 },
            { subjectId: ids.physical_education, hoursPerWeek: 3 },
          ],
        },
        { grade: 5, language: 'ru', hours: [{ subjectId: ids.mathematics, hoursPerWeek: 5 }] },
      ],
    });
    expect(put.statusCode, put.body).toBe(200);
    const body = put.json();
    expect(body.totals).toEqual(
      expect.arrayContaining([
        { grade: 1, language: 'kk', hours: 22.5, cap: 19.5, overCap: true },
        { grade: 5, language: 'ru', hours: 5, cap: 30.5, overCap: false },
      ]),
    );
    expect(body.warnings).toEqual([{ code: 'subjects.overWeeklyCap', message: expect.stringContaining('22.5') }]);
    expect(body.items).toHaveLength(5);

    // Replacing grade 1 (kk) leaves grade 5 (ru) alone; an empty section clears.
    const second = await adminA.put(`/api/v1/school-years/${yearA}/curriculum`, {
      sections: [{ grade: 1, language: 'kk', hours: [{ subjectId: ids.mathematics, hoursPerWeek: 4.5 }] }],
    });
    expect(second.json().items).toEqual([
      { grade: 1, language: 'kk', subjectId: ids.mathematics, hoursPerWeek: 4.5 },
      { grade: 5, language: 'ru', subjectId: ids.mathematics, hoursPerWeek: 5 },
    ]);
    expect(second.json().warnings).toEqual([]);
    const cleared = await adminA.put(`/api/v1/school-years/${yearA}/curriculum`, {
      sections: [{ grade: 5, language: 'ru', hours: [] }],
    });
    expect(cleared.json().items).toHaveLength(1);

    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'curriculum.updated')
      .where('subjectId', '=', yearA)
      .select('after')
      .execute();
    expect(audit).toHaveLength(3);
  });

  it('validates hours, duplicates and foreign subjects', async () => {
    const ids = await addFromCatalogue(['chemistry']);
    const section = (hoursPerWeek: unknown) => ({
      sections: [{ grade: 8, language: 'kk', hours: [{ subjectId: ids.chemistry, hoursPerWeek }] }],
    });
    for (const bad of [0, 0.25, 1.3, 40.5, -1, '2']) {
      const res = await adminA.put(`/api/v1/school-years/${yearA}/curriculum`, section(bad));
      expect(res.statusCode, String(bad)).toBe(400);
    }
    expect((await adminA.put(`/api/v1/school-years/${yearA}/curriculum`, section(40))).statusCode).toBe(200);
    expect((await adminA.put(`/api/v1/school-years/${yearA}/curriculum`, section(0.5))).statusCode).toBe(200);
    const dupSubject = await adminA.put(`/api/v1/school-years/${yearA}/curriculum`, {
      sections: [
        {
          grade: 8,
          language: 'kk',
          hours: [
            { subjectId: ids.chemistry, hoursPerWeek: 2 },
            { subjectId: ids.chemistry, hoursPerWeek: 1 },
          ],
        },
      ],
    });
    expect(dupSubject.json().code).toBe('subjects.duplicateSubject');
    const dupSection = await adminA.put(`/api/v1/school-years/${yearA}/curriculum`, {
      sections: [
        { grade: 8, language: 'kk', hours: [] },
        { grade: 8, language: 'kk', hours: [] },
      ],
    });
    expect(dupSection.json().code).toBe('subjects.duplicateSection');
    const foreign = await addFromCatalogue(['chemistry'], adminB);
    const res = await adminA.put(`/api/v1/school-years/${yearA}/curriculum`, {
      sections: [{ grade: 8, language: 'kk', hours: [{ subjectId: foreign.chemistry, hoursPerWeek: 2 }] }],
    });
    expect(res.statusCode).toBe(404);
    // Another school's year is not found, to read or to write.
    expect((await adminB.get(`/api/v1/school-years/${yearA}/curriculum`)).statusCode).toBe(404);
    expect((await adminB.put(`/api/v1/school-years/${yearA}/curriculum`, section(2))).statusCode).toBe(404);
  });

  it('refuses changes to a closed year', async () => {
    const year = await createYear(db(), a.school.id, { startsOn: '2024-09-02', endsOn: '2025-05-25' });
    const ids = await addFromCatalogue(['geography']);
    await closeYear(db(), a.school.id, year.id);
    const res = await adminA.put(`/api/v1/school-years/${year.id}/curriculum`, {
      sections: [{ grade: 7, language: 'kk', hours: [{ subjectId: ids.geography, hoursPerWeek: 2 }] }],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('schoolYear.closed');
    const modes = await adminA.put(`/api/v1/school-years/${year.id}/assessment-modes`, { items: [] });
    expect(modes.statusCode).toBe(409);
    expect((await adminA.get(`/api/v1/school-years/${year.id}/curriculum`)).json().yearClosed).toBe(true);
  });
});

describe('assessment modes', () => {
  it('suggests defaults from grade, subject and hours, stores what the admin sets, and reverts on omission', async () => {
    const year = (await createYear(db(), a.school.id, { startsOn: '2027-09-01', endsOn: '2028-05-25' })).id;
    const ids = await addFromCatalogue(['mathematics', 'music', 'self_knowledge', 'kazakh_language']);
    await adminA.put(`/api/v1/school-years/${year}/curriculum`, {
      sections: [
        {
          grade: 1,
          language: 'kk',
          hours: [{ subjectId: ids.mathematics, hoursPerWeek: 4 }],
        },
        {
          grade: 7,
          language: 'kk',
          hours: [
            { subjectId: ids.mathematics, hoursPerWeek: 5 },
            { subjectId: ids.music, hoursPerWeek: 1 },
            { subjectId: ids.self_knowledge, hoursPerWeek: 1 },
          ],
        },
      ],
    });
    const res = await adminA.get(`/api/v1/school-years/${year}/assessment-modes`);
    expect(res.statusCode, res.body).toBe(200);
    const find = (items: Array<{ subjectId: number; grade: number }>, subjectId: number, grade: number) =>
      items.find((i) => i.subjectId === subjectId && i.grade === grade);
    const items = res.json().items;
    expect(find(items, ids.mathematics!, 1)).toMatchObject({
      mode: 'ungraded',
      hasTermSummative: false,
      isDefault: true,
    });
    expect(find(items, ids.mathematics!, 7)).toMatchObject({
      mode: 'graded',
      hasTermSummative: true,
      periodKind: 'quarter',
      isDefault: true,
    });
    expect(find(items, ids.music!, 7)).toMatchObject({
      mode: 'pass_fail',
      hasTermSummative: false,
      periodKind: 'half_year',
    });
    expect(find(items, ids.self_knowledge!, 7)).toMatchObject({
      mode: 'graded',
      hasTermSummative: false,
      periodKind: 'half_year',
    });

    // The administrator decides otherwise: music is graded per quarter, with a term summative.
    const put = await adminA.put(`/api/v1/school-years/${year}/assessment-modes`, {
      items: [{ subjectId: ids.music, grade: 7, mode: 'graded', hasTermSummative: true, periodKind: 'quarter' }],
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(find(put.json().items, ids.music!, 7)).toMatchObject({ mode: 'graded', isDefault: false });
    // A stored row for a pair outside the curriculum is listed too.
    const extra = await adminA.put(`/api/v1/school-years/${year}/assessment-modes`, {
      items: [
        { subjectId: ids.kazakh_language, grade: 9, mode: 'graded', hasTermSummative: true, periodKind: 'quarter' },
      ],
    });
    const after = extra.json().items;
    expect(find(after, ids.kazakh_language!, 9)).toMatchObject({ isDefault: false });
    // Music was left out: back to the default.
    expect(find(after, ids.music!, 7)).toMatchObject({ mode: 'pass_fail', isDefault: true });

    const bad = await adminA.put(`/api/v1/school-years/${year}/assessment-modes`, {
      items: [{ subjectId: ids.music, grade: 7, mode: 'pass_fail', hasTermSummative: true, periodKind: 'quarter' }],
    });
    expect(bad.json().code).toBe('subjects.summativeNeedsMarks');
    const dup = await adminA.put(`/api/v1/school-years/${year}/assessment-modes`, {
      items: [
        { subjectId: ids.music, grade: 7, mode: 'graded', hasTermSummative: true, periodKind: 'quarter' },
        { subjectId: ids.music, grade: 7, mode: 'ungraded', hasTermSummative: false, periodKind: 'quarter' },
      ],
    });
    expect(dup.json().code).toBe('subjects.duplicateMode');
    const audit = await db()
      .selectFrom('auditEvents')
      .where('institutionId', '=', a.school.id)
      .where('action', '=', 'assessmentModes.updated')
      .where('subjectId', '=', year)
      .select('id')
      .execute();
    expect(audit).toHaveLength(2);
    expect((await adminB.get(`/api/v1/school-years/${year}/assessment-modes`)).statusCode).toBe(404);
  });
});
