import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { createV2World, type V2World, v2get } from './v2.fixtures.js';
import { V2_HOMEWORK_WORK_BASE, V2_SUBGROUP_BASE } from './v2.ids.js';
import { V2_LESSON_WORK_BASE } from './v2.marks.presenter.js';

let t: TestApp;
let w: V2World;
let homeworkId: number;
let student: number;
beforeAll(async () => {
  t = await createTestApp();
  w = await createV2World(t);
  const { db } = t.deps;
  const { j, tenant } = w.a;
  const schoolId = tenant.school.id;
  const teacher = tenant.people.teacher.personId;
  student = tenant.people.student.personId;
  await db
    .insertInto('bellSchedules')
    .values({ schoolId, yearId: j.yearId, shift: 1, lessonNumber: 2, startsAt: '08:55', endsAt: '09:40' })
    .onConflict((oc) =>
      oc.columns(['schoolId', 'yearId', 'shift', 'lessonNumber']).doUpdateSet({ startsAt: '08:55', endsAt: '09:40' }),
    )
    .execute();
  await db.updateTable('lessons').set({ topic: 'Fractions' }).where('id', '=', j.lessons[0]!.id).execute();
  const hw = await db
    .insertInto('homework')
    .values({
      schoolId,
      lessonId: j.lessons[0]!.id,
      text: 'Ex 5',
      dueDate: '2026-09-02',
      createdBy: teacher,
      updatedBy: teacher,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  homeworkId = hw.id;
  await db.insertInto('homeworkDone').values({ schoolId, homeworkId, studentPersonId: student }).execute();
  const at = new Date('2026-09-01T06:00:00Z');
  await db
    .insertInto('marks')
    .values({
      schoolId,
      yearStart: 2026,
      studentPersonId: student,
      lessonId: j.lessons[0]!.id,
      kind: 'fo',
      value: 8,
      createdAt: at,
      createdBy: teacher,
      updatedAt: at,
      updatedBy: teacher,
    })
    .execute();
  await db
    .insertInto('attendance')
    .values({ schoolId, lessonId: j.lessons[1]!.id, studentPersonId: student, code: 'sick', updatedBy: teacher })
    .execute();
});
afterAll(() => t.close());

describe('v2 persons, schools, edu-groups', () => {
  it('persons/{p}, persons?eduGroup=, persons/{p}/edu-groups, schools/{s}/edu-groups', async () => {
    const p = (await v2get(t, `/v2/persons/${student}`, w.tokens.parent)).json();
    expect(p).toMatchObject({ id: student, id_str: String(student), userId: student, sex: 'Female' });
    // A parent sees only their own child in the class roster; the class's teacher sees all three pupils.
    const seen = (await v2get(t, `/v2/persons?eduGroup=${w.a.j.classId}`, w.tokens.parent)).json();
    expect(seen.map((x: { id: number }) => x.id)).toEqual([student]);
    const pupils = (await v2get(t, `/v2/persons?eduGroup=${w.a.j.classId}`, w.tokens.teacher)).json();
    expect(pupils).toHaveLength(3);
    const groups = (await v2get(t, `/v2/persons/${student}/edu-groups`, w.tokens.parent)).json();
    expect(groups.map((g: { id: number }) => g.id).sort()).toEqual(
      [w.a.j.classId, V2_SUBGROUP_BASE + w.a.subgroupId].sort(),
    );
    const at = (
      await v2get(t, `/v2.0/persons/${student}/schools/${w.a.tenant.school.id}/edu-groups`, w.tokens.student)
    ).json();
    expect(at).toEqual(groups);
    const sub = groups.find((g: { type: string }) => g.type === 'Subgroup');
    expect(sub).toMatchObject({ parentIds: [w.a.j.classId], parentIds_str: [String(w.a.j.classId)], status: 'Active' });
  });
  it('a parent reads no other child and no foreign group (404 notFound)', async () => {
    const other = w.a.j.students[0]!.personId;
    for (const url of [
      `/v2/persons/${other}/edu-groups`,
      `/v2/persons/${other}/groups/${w.a.j.classId}/schedules`,
      `/v2/edu-groups/${w.b.j.classId}`,
      `/v2/persons/${w.b.tenant.people.student.personId}`,
    ]) {
      const res = await v2get(t, url, w.tokens.parent);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().type).toBe('notFound');
    }
    const foreign = await v2get(t, `/v2/persons/${student}`, w.tokens.otherParent);
    expect(foreign.statusCode).toBe(404);
  });
  it('schools/{s}, schools/person-schools, work-types', async () => {
    const s = (await v2get(t, `/v2/schools/${w.a.tenant.school.id}`, w.tokens.student)).json();
    expect(s).toMatchObject({ id: w.a.tenant.school.id, regionId: w.a.tenant.region.id, uses_avg: true });
    const mine = (await v2get(t, '/v2/schools/person-schools', w.tokens.parent)).json();
    expect(mine.map((x: { id: number }) => x.id)).toEqual([w.a.tenant.school.id]);
    expect((await v2get(t, `/v2/schools/${w.b.tenant.school.id}`, w.tokens.student)).statusCode).toBe(404);
    const types = (await v2get(t, `/v2/work-types/${w.a.tenant.school.id}`, w.tokens.student)).json();
    expect(types.map((x: { weight: number }) => x.weight)).toEqual([25, 25, 50, 0, 0]);
    const teachers = (await v2get(t, `/v2/schools/${w.a.tenant.school.id}/teachers`, w.tokens.student)).json();
    expect(teachers).toEqual([
      expect.objectContaining({ Id: w.a.tenant.people.teacher.personId, HouseMaster: true, TeachingStaff: true }),
    ]);
  });
  it('edu-groups: periods, timetables (PascalCase), subjects, students wrapper', async () => {
    const g = w.a.j.classId;
    const periods = (await v2get(t, `/v2/edu-groups/${g}/reporting-periods`, w.tokens.student)).json();
    expect(periods.filter((p: { type: string }) => p.type === 'Quarter')).toHaveLength(4);
    expect(periods[0].start).toBe('2026-09-01T00:00:00');
    const tt = (await v2get(t, `/v2/edu-groups/${g}/timetables`, w.tokens.student)).json();
    expect(tt).toHaveLength(1);
    expect(tt[0].FirstLessonNumber).toBe(1);
    expect(tt[0].Items.find((i: { LessonNumber: number }) => i.LessonNumber === 2)).toMatchObject({
      Start: '08:55',
      Finish: '09:40',
      Type: 'Lesson',
      DaysOfWeek: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'],
    });
    const subjects = (await v2get(t, `/v2/edu-groups/${g}/subjects`, w.tokens.student)).json();
    expect(subjects.map((s: { id: number }) => s.id)).toEqual([w.a.j.subjectId]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v2.0/edu-groups/students',
      headers: { 'access-token': w.tokens.teacher },
      payload: [g],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()[0].students).toHaveLength(3);
    expect(res.json()[0].students[0].membershipstatus).toBe('Active');
  });
});

describe('v2 lessons, works, tasks, schedules, homeworks', () => {
  it('edu-groups/{g}/lessons/{from}/{to} in every client date format, with works embedded', async () => {
    const g = w.a.j.classId;
    const formats = [
      ['2026-09-01', '2026-09-02'],
      ['2026-09-01T00:00', '2026-09-02T00:00'],
      ['2026-09-01T00:00:00.000', '2026-09-02T00:00:00.000'],
      ['2026-09-01%2000:00:00.000000', '2026-09-02%2000:00:00'],
      ['2026-08-31T19:00:00.000Z', '2026-09-01T19:00:00.000Z'],
    ];
    const bodies = [];
    for (const [from, to] of formats) {
      const res = await v2get(t, `/v2/edu-groups/${g}/lessons/${from}/${to}`, w.tokens.student);
      expect(res.statusCode, from).toBe(200);
      bodies.push(res.json());
    }
    for (const b of bodies) expect(b).toEqual(bodies[0]);
    const [first] = bodies[0];
    expect(first).toMatchObject({
      id: w.a.j.lessons[0]!.id,
      title: 'Fractions',
      date: '2026-09-01T08:55:00',
      number: 2,
      status: 'Conducted',
      teachers: [w.a.tenant.people.teacher.personId],
    });
    expect(first.works.map((x: { type: string }) => x.type)).toEqual(['DefaultNewLessonWork', 'Homework']);
    const hw = first.works[1];
    expect(hw).toMatchObject({
      id: V2_HOMEWORK_WORK_BASE + homeworkId,
      text: 'Ex 5',
      targetDate: '2026-09-02T00:00:00',
    });
    expect(hw.tasks).toEqual([expect.objectContaining({ person: student, status: 'Completed' })]);
    const bad = await v2get(t, `/v2/edu-groups/${g}/lessons/2026-13-01/2026-09-02`, w.tokens.student);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().type).toBe('parameterInvalid');
  });
  it('lessons/{l}, works/{w}, works?lesson=, persons/{p}/tasks', async () => {
    const lessonId = w.a.j.lessons[0]!.id;
    expect((await v2get(t, `/v2/lessons/${lessonId}`, w.tokens.parent)).json().id).toBe(lessonId);
    expect((await v2get(t, `/v2/lessons/${w.b.j.lessons[0]!.id}`, w.tokens.parent)).statusCode).toBe(404);
    const works = (await v2get(t, `/v2/works?lesson=${lessonId}`, w.tokens.student)).json();
    expect(works).toHaveLength(2);
    const fo = (await v2get(t, `/v2/works/${V2_LESSON_WORK_BASE + lessonId}`, w.tokens.student)).json();
    expect(fo).toMatchObject({ type: 'DefaultNewLessonWork', lesson: lessonId });
    const tasks = (
      await v2get(t, `/v2/persons/${student}/tasks?from=2026-09-01&to=2026-09-30`, w.tokens.parent)
    ).json();
    expect(tasks).toEqual([
      expect.objectContaining({ person: student, work: V2_HOMEWORK_WORK_BASE + homeworkId, status: 'Completed' }),
    ]);
  });
  it('persons/{p}/groups/{g}/schedules: {days:[…]} with marks, homework and the lesson log', async () => {
    const url = `/v2/persons/${student}/groups/${w.a.j.classId}/schedules?startDate=2026-09-01+00:00:00&endDate=2026-09-02`;
    const res = await v2get(t, url, w.tokens.parent);
    expect(res.statusCode).toBe(200);
    const { days } = res.json();
    expect(days.map((d: { date: string }) => d.date)).toEqual([
      '2026-09-01T00:00:00+05:00',
      '2026-09-02T00:00:00+05:00',
    ]);
    const [d1, d2] = days;
    expect(d1.lessons[0]).toMatchObject({ id: w.a.j.lessons[0]!.id, hours: '08:55-09:40', subjectId: w.a.j.subjectId });
    expect(d1.marks).toEqual([expect.objectContaining({ value: '8', lesson: w.a.j.lessons[0]!.id, mood: 'Good' })]);
    expect(d1.homeworks.map((h: { text: string }) => h.text)).toEqual(['Ex 5']);
    expect(d1.subjects[0].id).toBe(w.a.j.subjectId);
    expect(d1.teachers[0].person.id).toBe(w.a.tenant.people.teacher.personId);
    expect(d2.lessonLogEntries).toEqual([expect.objectContaining({ person: student, status: 'Ill' })]);
  });
  it('homeworks: the {works, subjects, lessons, files, teachers} shape', async () => {
    const s = w.a.tenant.school.id;
    const q = '?startDate=2026-09-01&endDate=2026-09-07';
    const mine = (await v2get(t, `/v2/users/me/school/${s}/homeworks${q}`, w.tokens.student)).json();
    const child = (await v2get(t, `/v2/persons/${student}/school/${s}/homeworks${q}`, w.tokens.parent)).json();
    expect(child).toEqual(mine);
    expect(mine.works).toEqual([
      expect.objectContaining({ type: 'Homework', text: 'Ex 5', subjectId: w.a.j.subjectId }),
    ]);
    expect(mine.lessons.map((l: { id: number }) => l.id)).toEqual([w.a.j.lessons[0]!.id]);
    expect(mine.subjects.map((l: { id: number }) => l.id)).toEqual([w.a.j.subjectId]);
    expect(mine.teachers).toHaveLength(1);
  });
  it('staff read like the journal: the teacher their class, the administrator the school', async () => {
    const g = w.a.j.classId;
    const ctx = (await v2get(t, '/v2/users/me/context', w.tokens.teacher)).json();
    expect(ctx.roles).toEqual(['EduStaff']);
    expect(ctx.groupIds).toEqual([g]);
    const url = `/v2/persons/${student}/groups/${V2_SUBGROUP_BASE + w.a.subgroupId}/schedules?startDate=2026-09-01&endDate=2026-09-01`;
    const day = (await v2get(t, url, w.tokens.teacher)).json().days[0];
    expect(day.marks).toHaveLength(1);
    const all = (await v2get(t, `/v2/schools/${w.a.tenant.school.id}/edu-groups`, w.tokens.admin)).json();
    expect(all.map((x: { id: number }) => x.id)).toEqual([g]);
    expect((await v2get(t, `/v2/edu-groups/${w.b.j.classId}/persons`, w.tokens.admin)).statusCode).toBe(404);
  });
});
