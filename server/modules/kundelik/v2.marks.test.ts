import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { createMarksWorld, type MarksWorld, v2Get } from './v2.marks.fixtures.js';
import { V2_LESSON_WORK_BASE } from './v2.marks.presenter.js';

/** The v2 Mark reads (kundelik-v2-api.md §1.9) against known marks: shapes, values, moods, access. */
let t: TestApp;
let w: MarksWorld;
type Mark = Record<string, unknown> & { value: string; textValue: string; mood: string; person: number };

beforeAll(async () => {
  t = await createTestApp();
  w = await createMarksWorld(t.deps.db, t.deps.hasher, t.clock.now());
});
afterAll(async () => t?.close());

const get = (token: string, url: string) => v2Get(t.app, token, url);
const marksOf = (body: unknown) => body as Mark[];

describe('v2 marks', () => {
  it('a pupil reads their marks by school and dates, in every client date format, with the Mark fields', async () => {
    const [s0] = w.pupils;
    const formats = [
      ['2026-09-01', '2026-09-30'],
      ['2026-09-01T00:00', '2026-09-30T23:59'],
      ['2026-09-01T00:00:00.000', '2026-09-30T00:00:00.000'],
      ['2026-09-01%2000:00:00.000000', '2026-09-30%2000:00:00'],
      ['2026-08-31T19:00:00.000Z', '2026-09-29T19:00:00.000Z'],
    ];
    for (const prefix of ['/v2', '/v2.0']) {
      for (const [from, to] of formats) {
        const r = await get(w.tokens.student, `${prefix}/persons/${s0}/schools/${w.schoolId}/marks/${from}/${to}`);
        expect(r.status, `${prefix} ${from}`).toBe(200);
        expect(marksOf(r.body).map((m) => m.textValue)).toEqual(['8', '5', '3', '15/20', '9', '24/30']);
      }
    }
    const r = await get(w.tokens.student, `/v2/persons/${s0}/schools/${w.schoolId}/marks/2026-09-01/2026-09-30`);
    const [first, , third, sor] = marksOf(r.body);
    expect(first).toEqual({
      id: expect.any(Number),
      id_str: String(first!.id),
      type: 'mark10',
      value: '8',
      textValue: '8',
      person: s0,
      person_str: String(s0),
      work: V2_LESSON_WORK_BASE + Number(w.j.lessons[0]!.id),
      work_str: String(V2_LESSON_WORK_BASE + Number(w.j.lessons[0]!.id)),
      lesson: Number(w.j.lessons[0]!.id),
      lesson_str: String(w.j.lessons[0]!.id),
      number: 0,
      date: '2026-09-03T11:00:00',
      workType: 1,
      mood: 'Good',
      use_avg_calc: true,
    });
    expect(third!.mood).toBe('Bad');
    // СОр 15/20 = 75 % → Good; it hangs on the assignment's lesson that day (the work has none of its own).
    expect(sor).toMatchObject({
      type: 'mark100',
      value: '15',
      work: w.sor,
      lesson: Number(w.j.lessons[2]!.id),
      workType: 2,
      mood: 'Good',
      use_avg_calc: false,
    });
    expect(marksOf(r.body).map((m) => m.mood)).toEqual(['Good', 'Average', 'Bad', 'Good', 'Good', 'Good']);
  });

  it('a parent reads their child; another pupil of the class is 404 notFound', async () => {
    const [s0, s1] = w.pupils;
    const own = await get(w.tokens.parent, `/v2/persons/${s0}/edu-groups/${w.j.classId}/marks/2026-09-01/2026-09-30`);
    expect(marksOf(own.body)).toHaveLength(6);
    const other = await get(w.tokens.parent, `/v2/persons/${s1}/schools/${w.schoolId}/marks/2026-09-01/2026-09-30`);
    expect(other).toEqual({ status: 404, body: { type: 'notFound', description: expect.any(String) } });
    // Their child's class: only the child's own rows, never classmates'.
    const group = await get(w.tokens.parent, `/v2/edu-groups/${w.j.classId}/marks/2026-09-01/2026-09-30`);
    expect(new Set(marksOf(group.body).map((m) => m.person))).toEqual(new Set([s0]));
  });

  it("a class's teacher and the administrator read the class; a teacher of another class gets 404", async () => {
    for (const token of [w.tokens.teacher, w.tokens.admin]) {
      const r = await get(token, `/v2/edu-groups/${w.j.classId}/marks/2026-09-01/2026-09-30`);
      expect(r.status).toBe(200);
      expect(marksOf(r.body)).toHaveLength(9);
    }
    const bySubject = await get(
      w.tokens.teacher,
      `/v2/edu-groups/${w.j.classId}/subjects/${w.j.subjectId}/marks/2026-09-01/2026-09-30`,
    );
    expect(marksOf(bySubject.body)).toHaveLength(9);
    const foreign = await get(w.tokens.otherTeacher, `/v2/edu-groups/${w.j.classId}/marks/2026-09-01/2026-09-30`);
    expect(foreign.status).toBe(404);
    expect((foreign.body as { type: string }).type).toBe('notFound');
    const pupil = await get(
      w.tokens.otherTeacher,
      `/v2/persons/${w.pupils[0]}/schools/${w.schoolId}/marks/2026-09-01/2026-09-30`,
    );
    expect(pupil.status).toBe(404);
    expect((await get(w.tokens.otherTeacher, `/v2/marks/${w.markIds[0]}`)).status).toBe(404);
    expect((await get(w.tokens.otherTeacher, `/v2/works/${w.sor}/marks`)).status).toBe(404);
  });

  it('reads by mark, work, lesson, many lessons, date given and lesson date', async () => {
    const [s0, s1] = w.pupils;
    const one = await get(w.tokens.student, `/v2/marks/${w.markIds[0]}`);
    expect(one.body).toMatchObject({ id: w.markIds[0], value: '8' });
    // Another pupil's mark is not the student's to read.
    expect((await get(w.tokens.student, `/v2/marks/${w.markIds[4]}`)).status).toBe(404);

    const sor = await get(w.tokens.teacher, `/v2/works/${w.sor}/marks`);
    expect(marksOf(sor.body).map((m) => m.textValue)).toEqual(['15/20', '7/20']);
    const sorOwn = await get(w.tokens.student, `/v2/works/${w.sor}/marks`);
    expect(marksOf(sorOwn.body).map((m) => m.person)).toEqual([s0]);
    const lessonWork = V2_LESSON_WORK_BASE + Number(w.j.lessons[0]!.id);
    expect(marksOf((await get(w.tokens.teacher, `/v2/works/${lessonWork}/marks`)).body).map((m) => m.value)).toEqual([
      '8',
      '10',
    ]);
    expect(
      marksOf((await get(w.tokens.teacher, `/v2/persons/${s1}/works/${lessonWork}/marks`)).body).map((m) => m.value),
    ).toEqual(['10']);

    const lesson0 = w.j.lessons[0]!.id;
    expect(marksOf((await get(w.tokens.teacher, `/v2/lessons/${lesson0}/marks`)).body)).toHaveLength(2);
    expect(marksOf((await get(w.tokens.teacher, `/v2/persons/${s0}/lessons/${lesson0}/marks`)).body)).toHaveLength(1);
    // The СОч sits on lesson 4: its mark comes with the lesson's.
    const l4 = await get(w.tokens.teacher, `/v2/lessons/${w.j.lessons[4]!.id}/marks`);
    expect(marksOf(l4.body).map((m) => m.textValue)).toEqual(['24/30']);

    const ids = [w.j.lessons[0]!.id, w.j.lessons[1]!.id];
    const json = await t.app.inject({
      method: 'POST',
      url: '/v2/lessons/marks',
      headers: { 'access-token': w.tokens.teacher, 'content-type': 'application/json' },
      payload: JSON.stringify(ids),
    });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toHaveLength(4);
    const form = await t.app.inject({
      method: 'POST',
      url: '/v2.0/lessons/many/marks',
      headers: { 'access-token': w.tokens.student, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `lessons=${ids.join(',')}`,
    });
    expect(form.statusCode).toBe(200);
    expect((form.json() as Mark[]).map((m) => m.value)).toEqual(['8', '5']);

    const given = await get(w.tokens.student, `/v2/persons/${s0}/marks/2026-09-03`);
    expect(marksOf(given.body)).toHaveLength(6);
    expect(marksOf((await get(w.tokens.student, `/v2/persons/${s0}/marks/2026-09-04`)).body)).toHaveLength(0);
    const byLessonDate = await get(w.tokens.student, `/v2/lessons/${w.j.lessons[2]!.date}/persons/${s0}/marks`);
    expect(marksOf(byLessonDate.body).map((m) => m.textValue)).toEqual(['3', '15/20']);
  });

  it('mark values and bad input', async () => {
    const values = await get(w.tokens.student, '/v2/marks/values');
    expect((values.body as Record<string, string[]>).mark10).toHaveLength(10);
    expect((await get(w.tokens.student, '/v2/marks/values/type/test')).body).toEqual(['зч', 'нз']);
    expect((await get(w.tokens.student, '/v2/marks/values/type/constructor')).status).toBe(400);
    const bad = await get(w.tokens.student, `/v2/persons/${w.pupils[0]}/schools/${w.schoolId}/marks/yesterday/today`);
    expect(bad).toEqual({ status: 400, body: { type: 'parameterInvalid', description: expect.any(String) } });
    expect((await t.app.inject({ method: 'GET', url: '/v2/marks/values' })).json()).toMatchObject({
      type: 'tokenRequired',
    });
  });
});
