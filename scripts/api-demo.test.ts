import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../server/db/demo/logins.js';
import { seedDemo } from '../server/db/seed-demo.js';
import { addDays, demoIds, demoWeek, setHomeworkAsTeacher } from '../server/modules/kundelik/compat/demo-context.js';
import { createTestApp, type TestApp } from '../server/test/harness.js';
import { main } from './api-demo.js';

/**
 * `npm run api:demo` against a real server on a random port with the demo data: it signs in as the demo parent
 * through the v2 login and prints her child's marks of the week and tomorrow's homework (which the demo teacher
 * sets first through the journal, since the demo seed has none). "Now" is pinned to the day before a
 * mathematics lesson, so "tomorrow" has that homework.
 */
let t: TestApp;
let baseUrl = '';
let week: Awaited<ReturnType<typeof demoWeek>>;
let ids: Awaited<ReturnType<typeof demoIds>>;
const HOMEWORK = 'Есептер № 301–305, 42-бет';

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date());
  await seedDemo(t.deps.db, t.deps.hasher);
  ids = await demoIds(t.deps.db);
  week = await demoWeek(t.deps.db, ids);
  await setHomeworkAsTeacher(t.app, week.lesson, HOMEWORK, week.nextLessonDate);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}, 180_000);
afterAll(() => t?.close());

describe('npm run api:demo', () => {
  it("prints the demo parent's child's marks of this week and the homework for tomorrow", async () => {
    // Noon (school time) of the day before the next mathematics lesson.
    const now = new Date(`${addDays(week.nextLessonDate, -1)}T12:00:00+05:00`);
    const printed: string[] = [];
    const lines = await main({ baseUrl, now, print: (l) => printed.push(l) });
    expect(lines).toEqual(printed);
    const text = lines.join('\n');
    expect(text).toMatch(/^Signed in as /);
    const student = await t.deps.db
      .selectFrom('persons')
      .where('id', '=', ids.student)
      .select(['surname', 'firstName'])
      .executeTakeFirstOrThrow();
    // The parent may have more children (another school's demo): the demo student's block, up to the next name.
    const start = lines.findIndex((l) => l.startsWith(student.surname));
    expect(start).toBeGreaterThan(0);
    const next = lines.findIndex((l, i) => i > start && /^\S/.test(l));
    const block = lines.slice(start, next < 0 ? undefined : next);
    // The homework the teacher set, due tomorrow, under its subject.
    const hw = block.find((l) => l.includes(HOMEWORK));
    expect(hw).toBeDefined();
    expect(hw).not.toMatch(/^\s+—:/);
    // As many mark lines as the student has marks on this week's lessons up to "now" (ФО and СОр alike).
    const monday = block.find((l) => l.includes('Marks this week'))!.match(/\((\d{4}-\d{2}-\d{2})/)![1]!;
    const marks = await t.deps.db
      .selectFrom('marks as m')
      .leftJoin('lessons as l', (j) => j.onRef('l.schoolId', '=', 'm.schoolId').onRef('l.id', '=', 'm.lessonId'))
      .leftJoin('assessmentWorks as w', (j) => j.onRef('w.schoolId', '=', 'm.schoolId').onRef('w.id', '=', 'm.workId'))
      .where('m.schoolId', '=', ids.school)
      .where('m.studentPersonId', '=', ids.student)
      .select(['l.date as lessonDate', 'w.date as workDate'])
      .execute();
    const sunday = addDays(monday, 6);
    const inWeek = marks.filter((m) => {
      const d = m.lessonDate ?? m.workDate;
      return d !== null && d >= monday && d <= sunday;
    });
    expect(inWeek.length).toBeGreaterThan(0);
    const markLines = block.filter((l) => /^ {4}\d{4}-\d{2}-\d{2} {2}/.test(l));
    expect(markLines).toHaveLength(inWeek.length);
    expect(markLines.every((l) => l.slice(4, 14) >= monday && l.slice(4, 14) <= sunday)).toBe(true);
  });

  it('fails with the v2 error for a wrong password', async () => {
    await expect(
      main({ baseUrl, username: DEMO_USERS.parent.username, password: 'wrong', print: () => {} }),
    ).rejects.toThrow(/authorizationFailed/);
  });
});
