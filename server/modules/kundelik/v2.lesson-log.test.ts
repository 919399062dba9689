import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { createMarksWorld, type MarksWorld, v2Get } from './v2.marks.fixtures.js';
import { V2_LESSON_WORK_BASE } from './v2.marks.presenter.js';

/**
 * Lesson log (§1.11), recent marks (§1.9) and the work histogram against the fixture: attendance б (pupil 0,
 * lesson 0, «ОРВИ»), о (pupil 0, lesson 1), н (pupil 1, lesson 1), п (pupil 1, lesson 2), present (pupil 2, lesson 3).
 */
let t: TestApp;
let w: MarksWorld;
type Entry = { person: number; lesson: number; status: string; comment: string | null; createdDate: string };

beforeAll(async () => {
  t = await createTestApp();
  w = await createMarksWorld(t.deps.db, t.deps.hasher, t.clock.now());
});
afterAll(async () => t?.close());

const get = (token: string, url: string) => v2Get(t.app, token, url);
const lesson = (i: number) => Number(w.j.lessons[i]!.id);

describe('v2 lesson log', () => {
  it('statuses, a lesson’s entries and our codes mapped', async () => {
    expect((await get(w.tokens.student, '/v2/lesson-log-entries/statuses')).body).toEqual([
      'Attend',
      'Absent',
      'Ill',
      'Late',
      'Pass',
    ]);
    const [s0, s1] = w.pupils;
    const l0 = await get(w.tokens.teacher, `/v2/lessons/${lesson(0)}/log-entries`);
    expect(l0.body).toEqual([
      {
        person: s0,
        person_str: String(s0),
        lesson: lesson(0),
        lesson_str: String(lesson(0)),
        comment: 'ОРВИ',
        status: 'Ill',
        createdDate: '2026-09-03T11:00:00',
      },
    ]);
    const group = await get(
      w.tokens.admin,
      `/v2/lesson-log-entries/group/${w.j.classId}?subject=${w.j.subjectId}&from=2026-09-01T00:00&to=2026-09-30T00:00`,
    );
    expect((group.body as Entry[]).map((e) => e.status)).toEqual(['Ill', 'Late', 'Absent', 'Pass', 'Attend']);
    const one = await get(w.tokens.teacher, `/v2/lesson-log-entries/lesson/${lesson(1)}/person/${s1}`);
    expect(one.body).toMatchObject({ person: s1, status: 'Absent' });
    expect((await get(w.tokens.teacher, `/v2/lesson-log-entries/lesson/${lesson(3)}/person/${s0}`)).status).toBe(404);
  });

  it('a parent reads their child’s log (logEntries wrapper) and only theirs', async () => {
    const [s0, s1] = w.pupils;
    const mine = await get(
      w.tokens.parent,
      `/v2/persons/${s0}/lesson-log-entries?startDate=2026-09-01+00:00:00&endDate=2026-09-30`,
    );
    expect((mine.body as { logEntries: Entry[] }).logEntries.map((e) => e.status)).toEqual(['Ill', 'Late']);
    expect((await get(w.tokens.parent, `/v2/persons/${s1}/lesson-log-entries`)).status).toBe(404);
    const many = await get(w.tokens.parent, `/v2/lesson-log-entries?lessons=${lesson(0)},${lesson(1)}`);
    expect((many.body as Entry[]).map((e) => e.person)).toEqual([s0, s0]);
    const teacher = await get(w.tokens.teacher, `/v2/lesson-log-entries?lessons=${lesson(0)}&lessons=${lesson(1)}`);
    expect((teacher.body as Entry[]).length).toBe(3);
    const bySubject = await get(
      w.tokens.student,
      `/v2/lesson-log-entries/person/${s0}/subject/${w.j.subjectId}?from=2026-09-01&to=2026-09-30`,
    );
    expect((bySubject.body as Entry[]).length).toBe(2);
    expect((await get(w.tokens.otherTeacher, `/v2/lessons/${lesson(0)}/log-entries`)).status).toBe(404);
  });
});

describe('v2 recent marks', () => {
  it('the latest marks with their works, lessons, subjects, work types and criteria marks', async () => {
    const [s0] = w.pupils;
    const r = await get(w.tokens.parent, `/v2/persons/${s0}/group/${w.j.classId}/recentmarks?limit=3`);
    expect(r.status).toBe(200);
    const body = r.body as {
      marks: Array<{ textValue: string; work: number; lesson: number }>;
      criteriabasedmarks: Array<{ section: number; value: string; personid: number }>;
      works: Array<{ id: number; type: string }>;
      subjects: Array<{ id: number; name: string }>;
      workTypes: Array<{ id: number; abbreviation: string }>;
      lessons: Array<{ id: number; hours: string | null }>;
      lessonLogEntries: Entry[];
    };
    expect(body.marks.map((m) => m.textValue)).toEqual(['24/30', '15/20', '9']);
    expect(body.criteriabasedmarks.map((c) => [c.section, c.value, c.personid])).toEqual([
      [w.soch, '24', s0],
      [w.sor, '15', s0],
    ]);
    // Every mark joins to a work and a lesson of the response.
    for (const m of body.marks) {
      expect(body.works.map((x) => x.id)).toContain(m.work);
      expect(body.lessons.map((x) => x.id)).toContain(m.lesson);
    }
    expect(body.works.map((x) => x.type).sort()).toEqual([
      'DefaultNewLessonWork',
      'LessonExamination',
      'LessonTestWork',
    ]);
    expect(body.works.find((x) => x.type === 'DefaultNewLessonWork')!.id).toBe(V2_LESSON_WORK_BASE + lesson(3));
    expect(body.subjects.map((x) => x.id)).toEqual([w.j.subjectId]);
    expect(body.workTypes.map((x) => x.id).sort()).toEqual([1, 2, 3]);
    expect(body.lessonLogEntries).toEqual([]);

    const withLog = await get(
      w.tokens.student,
      `/v2/persons/${s0}/group/${w.j.classId}/recentmarks?fromDate=2026-09-01`,
    );
    const b2 = withLog.body as typeof body;
    expect(b2.marks).toHaveLength(6);
    expect(b2.lessonLogEntries.map((e) => e.status)).toEqual(['Ill', 'Late']);
    expect((await get(w.tokens.otherTeacher, `/v2/persons/${s0}/group/${w.j.classId}/recentmarks`)).status).toBe(404);
  });
});

describe('v2 work histogram', () => {
  it('grade bands for the teacher; nothing for a parent while the school keeps it off or under 5 scores', async () => {
    const r = await get(w.tokens.teacher, `/v2/works/${w.sor}/marks/histogram`);
    // 15/20 = 75 % → «4», 7/20 = 35 % → «2».
    expect(r.body).toEqual({
      markNumbers: [
        {
          markNumber: 0,
          marks: [
            { value: '2', count: 1 },
            { value: '3', count: 0 },
            { value: '4', count: 1 },
            { value: '5', count: 0 },
          ],
        },
      ],
    });
    expect((await get(w.tokens.parent, `/v2/works/${w.sor}/marks/histogram`)).body).toEqual({ markNumbers: [] });
    await t.deps.db
      .insertInto('institutionSettings')
      .values({
        institutionId: w.schoolId,
        classDistribution: true,
        updatedAt: new Date(),
        updatedBy: w.tenant.people.schoolAdmin.personId,
      })
      .execute();
    expect((await get(w.tokens.parent, `/v2/works/${w.sor}/marks/histogram`)).body).toEqual({ markNumbers: [] });
    expect((await get(w.tokens.otherTeacher, `/v2/works/${w.sor}/marks/histogram`)).status).toBe(404);
  });
});

describe('v2 feed', () => {
  it('a parent’s feed: mark cards in both spellings and the day’s log entries', async () => {
    const [s0, s1] = w.pupils;
    const day = w.j.lessons[2]!.date;
    const r = await get(w.tokens.parent, `/v2/users/me/feed?date=${day}&childPersonId=${s0}&limit=3`);
    expect(r.status).toBe(200);
    type Card = { marks: Array<{ textValue: string }>; workTypeName: string; isImportant: boolean };
    const days = (
      r.body as {
        days: Array<{
          date: string;
          summary: { markCards: Card[]; marksCards: Array<{ marks: Array<{ mark: { textValue: string } }> }> };
          logEntries: Array<{ lessonLogEntry: Entry }>;
        }>;
      }
    ).days;
    expect(days.map((d) => d.date)).toEqual([0, 1, 2].map((i) => `${w.j.lessons[2 - i]!.date}T00:00:00`));
    // Lesson 2's day: ФО 3 and the СОр 15/20 as two cards.
    expect(days[0]!.summary.markCards.map((c) => [c.marks.map((m) => m.textValue), c.isImportant])).toEqual([
      [['3'], false],
      [['15/20'], true],
    ]);
    expect(days[0]!.summary.marksCards[1]!.marks[0]!.mark.textValue).toBe('15/20');
    expect(days[2]!.logEntries.map((e) => e.lessonLogEntry.status)).toEqual(['Ill']);
    expect((await get(w.tokens.parent, `/v2/users/me/feed?childPersonId=${s1}`)).status).toBe(404);
  });
});
