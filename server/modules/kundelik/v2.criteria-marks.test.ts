import { policyFor, termResult } from '@common/assessment/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { createMarksWorld, type MarksWorld, v2Get } from './v2.marks.fixtures.js';

/**
 * The Kazakhstan criteria-marks paths (kundelik-v2-api.md §1.10) against the marks fixture: pupil 0 has ФО 8, 5, 3,
 * 9, СОр 15/20 and СОч 24/30; pupil 1 ФО 10 and СОр 7/20 (no СОч yet); pupil 2 ФО 6. Quarter 1 of 2026–27.
 */
let t: TestApp;
let w: MarksWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await createMarksWorld(t.deps.db, t.deps.hasher, t.clock.now());
});
afterAll(async () => t?.close());

const get = (token: string, url: string) => v2Get(t.app, token, url);
type Row = Record<string, unknown>;
const rows = (body: unknown) => body as Row[];
const base = () => `/v2/edu-group/${w.j.classId}`;

describe('v2 criteria-marks sections', () => {
  it("lists the period's СОр and СОч of the subject with their maximum points", async () => {
    const r = await get(
      w.tokens.teacher,
      `${base()}/subject/${w.j.subjectId}/period/${w.j.q1.id}/criteria-marks-sections`,
    );
    expect(r.status).toBe(200);
    expect(rows(r.body)).toEqual([
      {
        id: w.sor,
        id_str: String(w.sor),
        name: 'СОр 1',
        type: 'LessonTestWork',
        workType: 2,
        workTypeName: expect.any(String),
        maxValue: 20,
        date: `${w.j.lessons[2]!.date}T00:00:00`,
        subject: w.j.subjectId,
        subject_str: String(w.j.subjectId),
        reportingPeriod: w.j.q1.id,
        reportingPeriod_str: String(w.j.q1.id),
        eduGroup: w.j.classId,
        eduGroup_str: String(w.j.classId),
      },
      expect.objectContaining({ id: w.soch, type: 'LessonExamination', workType: 3, maxValue: 30 }),
    ]);
    // The same for the pupil's parent (sections are not personal); another class's teacher: 404.
    expect(
      rows(
        (await get(w.tokens.parent, `${base()}/subject/${w.j.subjectId}/period/${w.j.q1.id}/criteria-marks-sections`))
          .body,
      ).map((s) => s.id),
    ).toEqual([w.sor, w.soch]);
    const foreign = await get(
      w.tokens.otherTeacher,
      `${base()}/subject/${w.j.subjectId}/period/${w.j.q1.id}/criteria-marks-sections`,
    );
    expect(foreign).toEqual({ status: 404, body: { type: 'notFound', description: expect.any(String) } });
    // A period of another school or a made-up one: 404.
    expect(
      (await get(w.tokens.teacher, `${base()}/subject/${w.j.subjectId}/period/987654/criteria-marks-sections`)).status,
    ).toBe(404);
  });
});

describe('v2 criteria marks', () => {
  it('a class teacher reads every score with points, maximum and percentage', async () => {
    const [s0, s1] = w.pupils;
    const r = await get(w.tokens.teacher, `${base()}/subject/${w.j.subjectId}/period/${w.j.q1.id}/criteria-marks`);
    expect(r.status).toBe(200);
    const got = rows(r.body).map((m) => [m.personid, m.section, m.value, m.textValue, m.maxValue, m.percent]);
    expect(got).toEqual([
      [s0, w.sor, '15', '15/20', 20, 75],
      [s1, w.sor, '7', '7/20', 20, 35],
      [s0, w.soch, '24', '24/30', 30, 80],
    ]);
    // The recentmarks item shape plus the points: ids with their twins, the work's date.
    expect(rows(r.body)[0]).toMatchObject({
      id_str: String(rows(r.body)[0]!.id),
      personid_str: String(s0),
      section_str: String(w.sor),
      date: `${w.j.lessons[2]!.date}T00:00:00`,
      workType: 2,
      subject: w.j.subjectId,
    });
    // The whole period (every subject) and one section give the same rows.
    const period = await get(w.tokens.admin, `${base()}/period/${w.j.q1.id}/criteria-marks`);
    expect(rows(period.body)).toEqual(rows(r.body));
    const section = await get(w.tokens.teacher, `${base()}/criteriajournalsection/${w.sor}/criteria-marks`);
    expect(rows(section.body).map((m) => [m.personid, m.value])).toEqual([
      [s0, '15'],
      [s1, '7'],
    ]);
  });

  it("a parent gets only their child's rows, on class-wide paths too; another child is 404", async () => {
    const [s0, s1] = w.pupils;
    const own = await get(
      w.tokens.parent,
      `${base()}/person/${s0}/subject/${w.j.subjectId}/period/${w.j.q1.id}/criteria-marks`,
    );
    expect(rows(own.body).map((m) => m.textValue)).toEqual(['15/20', '24/30']);
    const classWide = await get(w.tokens.parent, `${base()}/criteriajournalsection/${w.sor}/criteria-marks`);
    expect(rows(classWide.body).map((m) => m.personid)).toEqual([s0]);
    const student = await get(w.tokens.student, `${base()}/period/${w.j.q1.id}/criteria-marks`);
    expect(new Set(rows(student.body).map((m) => m.personid))).toEqual(new Set([s0]));
    const other = await get(
      w.tokens.parent,
      `${base()}/person/${s1}/subject/${w.j.subjectId}/period/${w.j.q1.id}/criteria-marks`,
    );
    expect(other).toEqual({ status: 404, body: { type: 'notFound', description: expect.any(String) } });
    // A section of another class is not this group's.
    expect((await get(w.tokens.admin, `${base()}/criteriajournalsection/987654/criteria-marks`)).status).toBe(404);
  });
});

describe('v2 criteria-marks totals', () => {
  it('gives per pupil the engine’s term result: ФО 62.5 %, СОр 75 %, СОч 80 % → 74.375 % → «4»', async () => {
    const [s0, s1, s2] = w.pupils;
    const r = await get(w.tokens.teacher, `${base()}/subject/${w.j.subjectId}/criteria-marks-totals`);
    expect(r.status).toBe(200);
    const byPerson = new Map(rows(r.body).map((x) => [x.personid, x]));
    expect([...byPerson.keys()]).toEqual([s0, s1, s2]);
    const engine = termResult({
      policy: policyFor(2026)!,
      fo: [8, 5, 3, 9],
      sor: [{ score: 15, max: 20 }],
      soch: { score: 24, max: 30 },
      hasSoch: true,
      gradeLevel: 5,
    });
    expect(engine.percent).toBeCloseTo(74.375, 9);
    expect(byPerson.get(s0)).toEqual({
      personid: s0,
      personid_str: String(s0),
      subject: w.j.subjectId,
      subject_str: String(w.j.subjectId),
      reportingPeriod: w.j.q1.id,
      reportingPeriod_str: String(w.j.q1.id),
      foPercent: 62.5,
      sorPercent: 75,
      sochPercent: 80,
      foWeight: 25,
      sorWeight: 25,
      sochWeight: 50,
      totalPercent: 74.38,
      roundedPercent: engine.roundedPercent,
      mark: String(engine.grade),
      status: 'graded',
      isFinal: false,
    });
    expect(engine).toMatchObject({ roundedPercent: 74, grade: 4 });
    // Pupil 1: ФО 100 %, СОр 35 %, the СОч not written yet — the journal's running (provisional) result.
    const running = termResult({
      policy: policyFor(2026)!,
      fo: [10],
      sor: [{ score: 7, max: 20 }],
      soch: null,
      hasSoch: true,
      gradeLevel: 5,
    });
    expect(byPerson.get(s1)).toMatchObject({
      foPercent: 100,
      sorPercent: 35,
      sochPercent: null,
      status: running.status,
      roundedPercent: running.roundedPercent,
      mark: running.grade === null ? null : String(running.grade),
    });
    expect(byPerson.get(s2)).toMatchObject({ foPercent: 60, sorPercent: null, sochPercent: null });
    // The whole year's totals and the section's give the same rows for this one-subject class.
    expect(rows((await get(w.tokens.admin, `${base()}/criteria-marks-totals`)).body)).toEqual(rows(r.body));
    expect(
      rows((await get(w.tokens.teacher, `${base()}/criteriajournalsection/${w.soch}/criteria-marks-totals`)).body),
    ).toEqual(rows(r.body));
  });

  it('a pupil and a parent get only the child’s totals; a foreign teacher 404', async () => {
    const [s0] = w.pupils;
    for (const token of [w.tokens.student, w.tokens.parent]) {
      const r = await get(token, `${base()}/criteria-marks-totals`);
      expect(rows(r.body).map((x) => [x.personid, x.mark])).toEqual([[s0, '4']]);
    }
    expect((await get(w.tokens.otherTeacher, `${base()}/criteria-marks-totals`)).status).toBe(404);
  });

  it('once the period is closed the result is final and an unwritten СОч is н/а', async () => {
    const [, s1] = w.pupils;
    const closure = await t.deps.db
      .insertInto('periodClosures')
      .values({
        schoolId: w.schoolId,
        periodId: w.j.q1.id,
        classId: w.j.classId,
        closedAt: new Date(),
        closedBy: w.tenant.people.schoolAdmin.personId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    try {
      const r = await get(w.tokens.teacher, `${base()}/criteria-marks-totals`);
      const s1Total = rows(r.body).find((x) => x.personid === s1)!;
      expect(s1Total).toMatchObject({ isFinal: true, mark: 'н/а', status: 'na' });
    } finally {
      await t.deps.db.deleteFrom('periodClosures').where('id', '=', closure.id).execute();
    }
  });
});
