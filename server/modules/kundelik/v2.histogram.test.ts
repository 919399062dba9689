import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { createMarksWorld, type MarksWorld, v2Get } from './v2.marks.fixtures.js';
import { V2_LESSON_WORK_BASE } from './v2.marks.presenter.js';

/**
 * The period × subject × class histogram (kundelik-v2-api.md §1.9, ACB TClassmatesHistogram) against the marks
 * fixture: ФО 8 and 10 on lesson 0, 5 and 6 on lesson 1, 3 on lesson 2, 9 on lesson 3; СОр 15/20 and 7/20; СОч
 * 24/30. (The single-work histogram is tested in v2.lesson-log.test.ts.)
 */
let t: TestApp;
let w: MarksWorld;

beforeAll(async () => {
  t = await createTestApp();
  w = await createMarksWorld(t.deps.db, t.deps.hasher, t.clock.now());
});
afterAll(async () => t?.close());

const get = (token: string, url: string) => v2Get(t.app, token, url);
const url = (period: number, subject: number, group: number) =>
  `/v2/periods/${period}/subjects/${subject}/groups/${group}/marks/histogram`;
/** Counts of «2», «3», «4», «5». */
const bands = (two: number, three: number, four: number, five: number) => [
  {
    markNumber: 0,
    marks: [
      { value: '2', count: two },
      { value: '3', count: three },
      { value: '4', count: four },
      { value: '5', count: five },
    ],
  },
];
type Histogram = { works: Array<{ workId: number; workId_str: string; markNumbers: unknown[] }> };

describe('v2 period histogram', () => {
  it("gives the class teacher every work's grade bands in date order, counts only", async () => {
    const r = await get(w.tokens.teacher, url(w.j.q1.id, w.j.subjectId, w.j.classId));
    expect(r.status).toBe(200);
    const lessonWork = (i: number) => V2_LESSON_WORK_BASE + Number(w.j.lessons[i]!.id);
    expect((r.body as Histogram).works).toEqual([
      // ФО 8 (80 % → «4») and 10 («5»).
      { workId: lessonWork(0), workId_str: String(lessonWork(0)), markNumbers: bands(0, 0, 1, 1) },
      // ФО 5 and 6: both «3».
      { workId: lessonWork(1), workId_str: String(lessonWork(1)), markNumbers: bands(0, 2, 0, 0) },
      // ФО 3: «2».
      { workId: lessonWork(2), workId_str: String(lessonWork(2)), markNumbers: bands(1, 0, 0, 0) },
      // СОр 15/20 = 75 % «4», 7/20 = 35 % «2».
      { workId: w.sor, workId_str: String(w.sor), markNumbers: bands(1, 0, 1, 0) },
      { workId: lessonWork(3), workId_str: String(lessonWork(3)), markNumbers: bands(0, 0, 0, 1) },
      // СОч 24/30 = 80 %: «4».
      { workId: w.soch, workId_str: String(w.soch), markNumbers: bands(0, 0, 1, 0) },
    ]);
    // No person id anywhere: counts only.
    for (const p of w.pupils) expect(JSON.stringify(r.body)).not.toContain(`"${p}"`);
    // The same under /v2.0 and for the administrator.
    expect((await get(w.tokens.admin, `/v2.0${url(w.j.q1.id, w.j.subjectId, w.j.classId).slice(3)}`)).body).toEqual(
      r.body,
    );
  });

  it('a parent sees the works but no counts while the school keeps the distribution off (or under 5 marks)', async () => {
    const r = await get(w.tokens.parent, url(w.j.q1.id, w.j.subjectId, w.j.classId));
    expect(r.status).toBe(200);
    const works = (r.body as Histogram).works;
    expect(works).toHaveLength(6);
    expect(works.every((x) => x.markNumbers.length === 0)).toBe(true);
  });

  it('404 for a teacher of another class, a made-up period, and an empty list for another subject', async () => {
    expect((await get(w.tokens.otherTeacher, url(w.j.q1.id, w.j.subjectId, w.j.classId))).status).toBe(404);
    const period = await get(w.tokens.teacher, url(987654, w.j.subjectId, w.j.classId));
    expect(period).toEqual({ status: 404, body: { type: 'notFound', description: expect.any(String) } });
    expect((await get(w.tokens.teacher, url(w.j.q1.id, 987654, w.j.classId))).body).toEqual({ works: [] });
  });
});
