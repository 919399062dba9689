import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { countStatements } from '../diary/diary.fixtures.js';
import { userFeed } from './v2.feed.routes.js';
import { v2HomeworkWorkId } from './v2.ids.js';
import { createMarksWorld, type MarksWorld, v2Get } from './v2.marks.fixtures.js';

/**
 * The feed's schedule, homework and important-works lists (kundelik-v2-api.md §1.12) against the marks fixture:
 * lessons 0–4 on Tue 1, Wed 2, Thu 3, Fri 4 and Mon 7 September 2026; the СОр on Thursday (no lesson of its own:
 * it hangs on lesson 2), the СОч on lesson 4. Homework set here: at lesson 1 due Friday, at lesson 2 with no due
 * date (due that day). (Mark cards and log entries: v2.lesson-log.test.ts.)
 */
let t: TestApp;
let w: MarksWorld;
let hwFriday = 0;
let hwThursday = 0;

beforeAll(async () => {
  t = await createTestApp();
  w = await createMarksWorld(t.deps.db, t.deps.hasher, t.clock.now());
  const at = new Date('2026-09-02T06:00:00Z');
  const teacher = w.tenant.people.teacher.personId;
  const rows = await t.deps.db
    .insertInto('homework')
    .values(
      [
        { lesson: 1, text: 'Есеп № 5', dueDate: '2026-09-04' },
        { lesson: 2, text: 'Оқу, 12-бет', dueDate: null },
      ].map((h) => ({
        schoolId: w.schoolId,
        lessonId: w.j.lessons[h.lesson]!.id,
        text: h.text,
        dueDate: h.dueDate,
        createdBy: teacher,
        createdAt: at,
        updatedBy: teacher,
        updatedAt: at,
      })),
    )
    .returning('id')
    .execute();
  [hwFriday, hwThursday] = rows.map((r) => Number(r.id)) as [number, number];
});
afterAll(async () => t?.close());

type FeedLesson = {
  lessonId: number;
  lessonId_str: string;
  number: number;
  subjectName: string;
  importantWorkTypes: Array<{ id: number; name: string }>;
};
type FeedWork = {
  work: { id: number; type: string; text: string; tasks: Array<{ person: number }> };
  subjectName: string;
  workTypeName: string;
};
type Day = {
  date: string;
  nextWorkingDayDate: string;
  summary: { importantWorks: FeedWork[] };
  todayHomeworks: FeedWork[];
  nextDayHomeworks: FeedWork[];
  todaySchedule: FeedLesson[];
  nextDaySchedule: FeedLesson[];
};
const lesson = (i: number) => Number(w.j.lessons[i]!.id);

describe('v2 feed lists', () => {
  it("fills the day's and the next working day's schedule and homework, and the important works ahead", async () => {
    const [s0] = w.pupils;
    const r = await v2Get(t.app, w.tokens.parent, `/v2/users/me/feed?date=2026-09-04&childPersonId=${s0}&limit=2`);
    expect(r.status).toBe(200);
    const [friday, thursday] = (r.body as { days: Day[] }).days as [Day, Day];

    // Friday: the next working day is Monday (the pupil's next lessons), not Saturday.
    expect(friday.date).toBe('2026-09-04T00:00:00');
    expect(friday.nextWorkingDayDate).toBe('2026-09-07T00:00:00');
    expect(friday.todaySchedule).toEqual([
      {
        lessonId: lesson(3),
        lessonId_str: String(lesson(3)),
        lessonStatus: expect.any(String),
        number: 2,
        subjectName: expect.stringMatching(/./),
        importantWorkTypes: [],
      },
    ]);
    // Monday's lesson carries the СОч.
    expect(friday.nextDaySchedule.map((l) => [l.lessonId, l.importantWorkTypes.map((x) => x.id)])).toEqual([
      [lesson(4), [3]],
    ]);
    expect(friday.todayHomeworks.map((h) => [h.work.id, h.work.type, h.work.text, h.work.tasks[0]?.person])).toEqual([
      [v2HomeworkWorkId(hwFriday), 'Homework', 'Есеп № 5', s0],
    ]);
    expect(friday.todayHomeworks[0]!.subjectName).toBe(friday.todaySchedule[0]!.subjectName);
    expect(friday.nextDayHomeworks).toEqual([]);
    // From Friday the week ahead holds the СОч only (the СОр was on Thursday).
    expect(friday.summary.importantWorks.map((x) => [x.work.id, x.work.type])).toEqual([[w.soch, 'LessonExamination']]);
    expect(friday.summary.importantWorks[0]!.workTypeName).toMatch(/./);

    // Thursday: the СОр hangs on lesson 2; homework due Thursday and Friday; both summatives ahead.
    expect(thursday.nextWorkingDayDate).toBe('2026-09-04T00:00:00');
    expect(thursday.todaySchedule.map((l) => [l.lessonId, l.importantWorkTypes.map((x) => x.id)])).toEqual([
      [lesson(2), [2]],
    ]);
    expect(thursday.nextDaySchedule.map((l) => l.lessonId)).toEqual([lesson(3)]);
    expect(thursday.todayHomeworks.map((h) => h.work.id)).toEqual([v2HomeworkWorkId(hwThursday)]);
    expect(thursday.nextDayHomeworks.map((h) => h.work.id)).toEqual([v2HomeworkWorkId(hwFriday)]);
    expect(thursday.summary.importantWorks.map((x) => x.work.id)).toEqual([w.sor, w.soch]);
  });

  it('runs the same number of statements for one day and for fourteen', async () => {
    const [s0] = w.pupils;
    const parent = (
      await t.deps.db
        .selectFrom('guardianships')
        .where('childPersonId', '=', s0)
        .select('parentPersonId')
        .executeTakeFirstOrThrow()
    ).parentPersonId;
    const count = async (limit: number) =>
      (
        await countStatements(t, Number(parent), (deps, actor) =>
          userFeed(deps, actor, { date: '2026-09-07', childPersonId: s0, limit }),
        )
      ).statements;
    const one = await count(1);
    expect(await count(14)).toBe(one);
    expect(one).toBeLessThanOrEqual(12);
  });
});
