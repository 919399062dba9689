import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { seedDemoClasses } from '../classes/classes.demo.js';
import { seedDemoSchoolYear } from '../school-year/school-year.demo.js';
import { seedDemoTimetable } from '../timetable/timetable.demo.js';
import { seedDemoJournal } from './journal.demo.js';

let t: TestApp;
let a: Tenant;
beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
});
afterAll(() => t.close());

describe('the demo journal', () => {
  it("fills «5 Ә»'s current quarter for teacher.demo: topics, ФО, attendance, a СОр with scores", async () => {
    const db = t.deps.db;
    const now = t.clock.now(); // 1 October 2026: a month of the first quarter held
    const yearId = await seedDemoSchoolYear(db, a.school.id, now);
    const teacher2 = await createPerson(db, t.deps.hasher, { institutionId: a.school.id, profile: 'school_employee' });
    const students = [a.people.student.personId];
    for (let i = 0; i < 5; i++) {
      students.push(
        (await createPerson(db, t.deps.hasher, { institutionId: a.school.id, profile: 'student' })).personId,
      );
    }
    await seedDemoClasses(db, {
      schoolId: a.school.id,
      yearId,
      teacherPersonIds: [a.people.teacher.personId, teacher2.personId],
      studentPersonIds: students,
    });
    await seedDemoTimetable(db, { schoolId: a.school.id, yearId }, now);
    const result = await seedDemoJournal(db, { schoolId: a.school.id, yearId }, now);
    expect(result.marks).toBeGreaterThan(10);
    expect(result.works).toBeGreaterThanOrEqual(1);

    const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    const mine = (await teacher.get('/api/v1/journal/assignments')).json().items;
    const fiveA = mine.filter((x: { classLabel: string }) => x.classLabel === '5 Ә');
    expect(fiveA.length).toBeGreaterThan(0);
    const grids = [];
    for (const x of fiveA) grids.push((await teacher.get(`/api/v1/journal/${x.id}`)).json());
    // Mathematics (its weekly hours give it the most lessons so far).
    const grid = grids.sort((p, q) => q.lessons.length - p.lessons.length)[0];
    expect(grid.lessons.filter((l: { topic: string | null }) => l.topic).length).toBeGreaterThan(5);
    expect(grid.marks.filter((m: { kind: string }) => m.kind === 'fo').length).toBeGreaterThan(5);
    expect(grid.works[0]).toMatchObject({ kind: 'sor', maxScore: 15 });
    expect(grid.marks.filter((m: { workId: number | null }) => m.workId === grid.works[0].id)).toHaveLength(
      grid.students.length,
    );
  });
});
