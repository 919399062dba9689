import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPerson, createTenant, type Tenant } from '../../test/factories.js';
import { createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { seedDemoClasses } from '../classes/classes.demo.js';
import { seedDemoSchoolYear } from '../school-year/school-year.demo.js';
import { seedDemoTimetable } from './timetable.demo.js';

let t: TestApp;
let a: Tenant;
beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t.deps.db, t.deps.hasher);
});
afterAll(() => t.close());

describe('the demo timetable', () => {
  it('lays a conflict-free week from the demo assignments and generates the current quarter', async () => {
    const db = t.deps.db;
    const now = t.clock.now(); // 1 October 2026: the first quarter
    const yearId = await seedDemoSchoolYear(db, a.school.id, now);
    const teacher2 = await createPerson(db, t.deps.hasher, { institutionId: a.school.id, profile: 'school_employee' });
    const student2 = await createPerson(db, t.deps.hasher, { institutionId: a.school.id, profile: 'student' });
    await seedDemoClasses(db, {
      schoolId: a.school.id,
      yearId,
      teacherPersonIds: [a.people.teacher.personId, teacher2.personId],
      studentPersonIds: [a.people.student.personId, student2.personId],
    });
    const result = await seedDemoTimetable(db, { schoolId: a.school.id, yearId }, now);
    expect(result.entries).toBeGreaterThan(40);
    expect(result.lessons).toBeGreaterThan(200);

    const admin = await signIn(t.app, a.people.schoolAdmin.username, a.people.schoolAdmin.password);
    const timetable = (await admin.get(`/api/v1/school-years/${yearId}/timetable`)).json();
    expect(timetable.entries).toHaveLength(result.entries);
    expect(timetable.conflicts).toEqual([]);
    const q1 = timetable.periods.find((p: { kind: string; number: number }) => p.kind === 'quarter' && p.number === 1);
    expect(q1.lessons).toBe(result.lessons);

    // student.demo sees a week of lessons, teacher.demo their mathematics.
    const student = await signIn(t.app, a.people.student.username, a.people.student.password);
    const mine = (await student.get('/api/v1/me/timetable?from=2026-10-05')).json();
    expect(mine.lessons.length).toBeGreaterThan(10);
    const teacher = await signIn(t.app, a.people.teacher.username, a.people.teacher.password);
    const taught = (await teacher.get('/api/v1/me/timetable?from=2026-10-05')).json();
    expect(taught.lessons.length).toBeGreaterThan(10);
  });
});
