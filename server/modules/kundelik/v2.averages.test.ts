import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { fixTermGrades } from '../journal/term-grades.js';
import { createMarksWorld, type MarksWorld, v2Get } from './v2.marks.fixtures.js';

/**
 * Averages and final marks (kundelik-v2-api.md §1.10) against the fixture's marks: pupil 0 has ФО 8, 5, 3, 9,
 * СОр 15/20 and СОч 24/30; pupil 1 ФО 10 and СОр 7/20; pupil 2 ФО 6.
 */
let t: TestApp;
let w: MarksWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await createMarksWorld(t.deps.db, t.deps.hasher, t.clock.now());
});
afterAll(async () => t?.close());

const get = (token: string, url: string) => v2Get(t.app, token, url);

describe('v2 averages', () => {
  it('avg-mark is the ФО mean as a bare JSON string; another child is 404', async () => {
    const [s0, s1] = w.pupils;
    const q1 = w.j.q1.id;
    const res = await t.app.inject({
      method: 'GET',
      url: `/v2/persons/${s0}/reporting-periods/${q1}/avg-mark`,
      headers: { 'access-token': w.tokens.parent },
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('"6.25"'); // (8 + 5 + 3 + 9) / 4
    const bySubject = await get(
      w.tokens.student,
      `/v2.0/persons/${s0}/reporting-periods/${q1}/subjects/${w.j.subjectId}/avg-mark`,
    );
    expect(bySubject.body).toBe('6.25');
    const otherSubject = await get(
      w.tokens.student,
      `/v2/persons/${s0}/reporting-periods/${q1}/subjects/${w.other.subjectId}/avg-mark`,
    );
    expect(otherSubject.body).toBe('0.00');
    expect((await get(w.tokens.parent, `/v2/persons/${s1}/reporting-periods/${q1}/avg-mark`)).status).toBe(404);
    // A period of another school's calendar is not the pupil's: 404.
    expect(
      (await get(w.tokens.student, `/v2/persons/${s0}/reporting-periods/${w.other.q1.id + 100000}/avg-mark`)).status,
    ).toBe(404);
  });

  it('edu-group averages with hyphenated keys; a parent sees only their child', async () => {
    const [s0, s1, s2] = w.pupils;
    const sub = w.j.subjectId;
    const row = (person: number, value: string) => ({
      person,
      person_str: String(person),
      'per-subject-averages': [{ subject: sub, subject_str: String(sub), 'avg-mark-value': value }],
    });
    const range = await get(w.tokens.teacher, `/v2/edu-groups/${w.j.classId}/avg-marks/2026-09-01/2026-09-30`);
    expect(range.body).toEqual([row(s0, '6.25'), row(s1, '10.00'), row(s2, '6.00')]);
    // Up to the 2nd lesson's day only: pupil 0 has 8 and 5.
    const upTo = await get(
      w.tokens.teacher,
      `/v2/edu-groups/${w.j.classId}/reporting-periods/${w.j.q1.id}/avg-marks/${w.j.lessons[1]!.date}T00:00:00`,
    );
    expect((upTo.body as unknown[])[0]).toEqual({
      ...row(s0, '6.50'),
      group: w.j.classId,
      group_str: String(w.j.classId),
      reportingPeriod: w.j.q1.id,
      reportingPeriod_str: String(w.j.q1.id),
    });
    const parent = await get(w.tokens.parent, `/v2/edu-groups/${w.j.classId}/avg-marks/2026-09-01/2026-09-30`);
    expect(parent.body).toEqual([row(s0, '6.25')]);
    expect(
      (await get(w.tokens.otherTeacher, `/v2/edu-groups/${w.j.classId}/avg-marks/2026-09-01/2026-09-30`)).status,
    ).toBe(404);
  });

  it('wa-marks is the engine’s running term result out of 10', async () => {
    const [s0] = w.pupils;
    const r = await get(w.tokens.teacher, `/v2/edu-groups/${w.j.classId}/wa-marks/${w.j.q1.startsOn}/${w.j.q1.endsOn}`);
    const subject = (
      r.body as { subjectMarks: Array<{ subject: number; marks: Array<{ person: number; value: number }> }> }
    ).subjectMarks[0]!;
    expect(subject.subject).toBe(w.j.subjectId);
    // 0.25 · 62.5 (ФО) + 0.25 · 75 (СОр 15/20) + 0.5 · 80 (СОч 24/30) = 74.375 % → 7.44
    expect(subject.marks.find((m) => m.person === s0)).toEqual({ person: s0, person_str: String(s0), value: 7.44 });
  });
});

describe('v2 final marks', () => {
  beforeAll(async () => {
    await fixTermGrades(
      t.deps.db,
      w.schoolId,
      w.j.q1.id,
      w.j.classId,
      w.tenant.people.schoolAdmin.personId,
      t.clock.now(),
    );
  });

  it('edu-group final marks per pupil and period from the fixed term grades', async () => {
    const [s0, s1] = w.pupils;
    const r = await get(w.tokens.teacher, `/v2/edu-groups/${w.j.classId}/final-marks`);
    expect(r.status).toBe(200);
    const rows = r.body as Array<
      Record<string, unknown> & { 'per-subject-final-marks': Array<{ 'final-mark': Record<string, unknown> }> }
    >;
    const mine = rows.find((x) => x.person === s0)!;
    expect(mine).toMatchObject({
      group: w.j.classId,
      reportingPeriod: w.j.q1.id,
      reportingPeriod_str: String(w.j.q1.id),
    });
    // 74.375 % rounds to 74 → «4».
    expect(mine['per-subject-final-marks'][0]!['final-mark']).toMatchObject({
      type: 'mark5',
      value: '4',
      textValue: '4',
      person: s0,
      workType: 4,
      mood: 'Good',
      lesson: null,
    });
    // No СОч written at the close: «н/а» (§1.5).
    expect(rows.find((x) => x.person === s1)!['per-subject-final-marks'][0]!['final-mark']).toMatchObject({
      value: 'н/а',
      type: 'markna',
    });
    const bySubject = await get(w.tokens.admin, `/v2/edu-groups/${w.j.classId}/subjects/${w.j.subjectId}/final-marks`);
    expect((bySubject.body as unknown[]).length).toBe(3);
  });

  it('a pupil’s final marks (ALX-P shape) and allfinalmarks with their PeriodMark works', async () => {
    const [s0, s1] = w.pupils;
    const list = await get(w.tokens.parent, `/v2/persons/${s0}/edu-groups/${w.j.classId}/final-marks`);
    expect(list.body).toEqual([
      {
        subject: w.j.subjectId,
        subject_str: String(w.j.subjectId),
        'final-mark': expect.objectContaining({ value: '4' }),
      },
    ]);
    const all = await get(w.tokens.student, `/v2/persons/${s0}/edu-groups/${w.j.classId}/allfinalmarks`);
    const body = all.body as {
      marks: Array<{ work: number }>;
      works: Array<Record<string, unknown>>;
      subjects: Array<{ id: number }>;
      workTypes: Array<{ id: number }>;
    };
    expect(body.works).toHaveLength(1);
    expect(body.works[0]).toMatchObject({
      id: body.marks[0]!.work,
      type: 'PeriodMark',
      periodNumber: 0,
      periodType: 'Quarter',
      subjectId: w.j.subjectId,
    });
    expect(body.subjects.map((s) => s.id)).toEqual([w.j.subjectId]);
    expect(body.workTypes.map((x) => x.id)).toEqual([4, 5]);
    expect((await get(w.tokens.parent, `/v2/persons/${s1}/edu-groups/${w.j.classId}/final-marks`)).status).toBe(404);
  });
});
