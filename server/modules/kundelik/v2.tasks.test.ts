import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { issueApiToken } from '../api-clients/tokens.service.js';
import { parseV2TaskId, V2_HOMEWORK_WORK_BASE, V2_TASK_BASE, v2TaskId } from './v2.ids.js';
import { createMarksWorld, type MarksWorld, v2Get } from './v2.marks.fixtures.js';
import { V2_LESSON_WORK_BASE } from './v2.marks.presenter.js';

/**
 * Tasks (kundelik-v2-api.md §1.7): one per pupil and homework, `status` the pupil's diary tick, ids packing the
 * homework and the pupil (v2.ids.ts). Today is 2026-10-01 (the test clock); the world's lessons are in September.
 */
let t: TestApp;
let w: MarksWorld;
let foreign: string;
/** Homework on lessons 0 (due 09-02, s0 ticked it), 1 (due 10-05: not overdue) and 2 (due 09-20). */
const hw: number[] = [];
type Task = { id: number; id_str: string; person: number; work: number; status: string; targetDate: string };

beforeAll(async () => {
  t = await createTestApp();
  const { db } = t.deps;
  w = await createMarksWorld(db, t.deps.hasher, t.clock.now());
  const teacher = w.tenant.people.teacher.personId;
  for (const [lesson, dueDate] of [
    [0, '2026-09-02'],
    [1, '2026-10-05'],
    [2, '2026-09-20'],
  ] as const) {
    const row = await db
      .insertInto('homework')
      .values({
        schoolId: w.schoolId,
        lessonId: w.j.lessons[lesson]!.id,
        text: `Ex ${lesson}`,
        dueDate,
        createdBy: teacher,
        updatedBy: teacher,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    hw.push(Number(row.id));
  }
  await db
    .insertInto('homeworkDone')
    .values({ schoolId: w.schoolId, homeworkId: hw[0]!, studentPersonId: w.pupils[0] })
    .execute();
  const far = await createTenant(db, t.deps.hasher);
  foreign = (await issueApiToken(db, { personId: far.people.teacher.personId, now: t.clock.now() })).accessToken;
});
afterAll(async () => t?.close());

const get = async (token: string, url: string) => v2Get(t.app, token, url);
const tasks = (b: unknown) => (b as Task[]).map((x) => [x.person, x.work - V2_HOMEWORK_WORK_BASE, x.status]);

describe('v2 tasks', () => {
  it('task ids pack the homework and the pupil, below 2^53, and parse back', () => {
    expect(v2TaskId(7, 1_048_576 * 3 + 42)).toBe(V2_TASK_BASE + 7 * 1_048_576 + 42);
    expect(parseV2TaskId(v2TaskId(3_800_000_000, 123))).toEqual({ homeworkId: 3_800_000_000, slot: 123 });
    expect(v2TaskId(3_800_000_000, 2 ** 20 - 1)).toBeLessThan(Number.MAX_SAFE_INTEGER);
    expect(parseV2TaskId(V2_HOMEWORK_WORK_BASE + 5)).toBeNull();
  });

  it("lessons/{l}/tasks: staff see every pupil's task with their tick; a pupil and a parent only their own", async () => {
    const [s0, s1, s2] = w.pupils;
    const url = `/v2/lessons/${w.j.lessons[0]!.id}/tasks`;
    const staff = await get(w.tokens.teacher, url);
    expect(staff.status).toBe(200);
    expect(tasks(staff.body)).toEqual([
      [s0, hw[0], 'Completed'],
      [s1, hw[0], 'NotCompleted'],
      [s2, hw[0], 'NotCompleted'],
    ]);
    expect((staff.body as Task[])[1]).toEqual({
      id: v2TaskId(hw[0]!, s1),
      id_str: String(v2TaskId(hw[0]!, s1)),
      person: s1,
      person_str: String(s1),
      work: V2_HOMEWORK_WORK_BASE + hw[0]!,
      work_str: String(V2_HOMEWORK_WORK_BASE + hw[0]!),
      status: 'NotCompleted',
      targetDate: '2026-09-02T00:00:00',
    });
    for (const token of [w.tokens.student, w.tokens.parent]) {
      expect(tasks((await get(token, url)).body)).toEqual([[s0, hw[0], 'Completed']]);
    }
    expect((await get(foreign, url)).status).toBe(404);
  });

  it('tasks?lessons=…, works/{w}/tasks, and the tasks embedded in the lesson carry the same ids', async () => {
    const [s0, s1, s2] = w.pupils;
    const [l0, l1] = [w.j.lessons[0]!.id, w.j.lessons[1]!.id];
    const parent = await get(w.tokens.parent, `/v2/tasks?lessons=${l0}&lessons=${l1}`);
    expect(tasks(parent.body)).toEqual([
      [s0, hw[0], 'Completed'],
      [s0, hw[1], 'NotCompleted'],
    ]);
    const admin = await get(w.tokens.admin, `/v2/tasks?lessons=${l1}&person=${s2}`);
    expect(tasks(admin.body)).toEqual([[s2, hw[1], 'NotCompleted']]);
    const byWork = await get(w.tokens.teacher, `/v2/works/${V2_HOMEWORK_WORK_BASE + hw[1]!}/tasks`);
    expect(tasks(byWork.body)).toEqual([
      [s0, hw[1], 'NotCompleted'],
      [s1, hw[1], 'NotCompleted'],
      [s2, hw[1], 'NotCompleted'],
    ]);
    // A ФО work has no tasks; someone else's homework is not found.
    expect((await get(w.tokens.teacher, `/v2/works/${V2_LESSON_WORK_BASE + l0}/tasks`)).body).toEqual([]);
    expect((await get(foreign, `/v2/works/${V2_HOMEWORK_WORK_BASE + hw[1]!}/tasks`)).status).toBe(404);
    const lesson = (await get(w.tokens.student, `/v2/lessons/${l0}`)).body as { works: Array<{ tasks: Task[] }> };
    expect(lesson.works.flatMap((x) => x.tasks).map((x) => x.id)).toEqual([v2TaskId(hw[0]!, s0)]);
  });

  it('tasks/{task}: the pupil the id names, to those who may see them; 404 otherwise', async () => {
    const [s0, s1] = w.pupils;
    const mine = v2TaskId(hw[0]!, s0);
    const theirs = v2TaskId(hw[0]!, s1);
    expect((await get(w.tokens.parent, `/v2/tasks/${mine}`)).body).toMatchObject({
      id: mine,
      person: s0,
      status: 'Completed',
    });
    expect((await get(w.tokens.teacher, `/v2.0/tasks/${theirs}`)).body).toMatchObject({
      id: theirs,
      person: s1,
      status: 'NotCompleted',
    });
    for (const [token, id] of [
      [w.tokens.student, theirs],
      [w.tokens.parent, theirs],
      [foreign, mine],
      [w.tokens.teacher, V2_HOMEWORK_WORK_BASE + hw[0]!],
      [w.tokens.teacher, v2TaskId(hw[0]!, w.other.students[0]!.personId)],
    ] as const) {
      const r = await get(token, `/v2/tasks/${id}`);
      expect([r.status, (r.body as { type: string }).type]).toEqual([404, 'notFound']);
    }
  });

  it('persons/{p}/tasks and tasks/{p}/undone: due dates, the tick, overdue only', async () => {
    const [s0, s1] = w.pupils;
    const range = await get(w.tokens.student, `/v2/persons/${s0}/tasks?from=2026-09-01&to=2026-10-31`);
    expect(tasks(range.body)).toEqual([
      [s0, hw[0], 'Completed'],
      [s0, hw[2], 'NotCompleted'],
      [s0, hw[1], 'NotCompleted'],
    ]);
    const paged = await get(
      w.tokens.student,
      `/v2/persons/${s0}/tasks?from=2026-09-01&to=2026-10-31&pageNumber=2&pageSize=2`,
    );
    expect(tasks(paged.body)).toEqual([[s0, hw[1], 'NotCompleted']]);
    // Overdue and not done: s0 ticked hw0, hw1 is due after today (2026-10-01).
    expect(tasks((await get(w.tokens.parent, `/v2/tasks/${s0}/undone`)).body)).toEqual([[s0, hw[2], 'NotCompleted']]);
    expect(tasks((await get(w.tokens.teacher, `/v2/tasks/${s1}/undone`)).body)).toEqual([
      [s1, hw[0], 'NotCompleted'],
      [s1, hw[2], 'NotCompleted'],
    ]);
    for (const [token, person] of [
      [w.tokens.parent, s1],
      [w.tokens.student, s1],
      [foreign, s0],
    ] as const) {
      expect((await get(token, `/v2/tasks/${person}/undone`)).status).toBe(404);
    }
  });
});
