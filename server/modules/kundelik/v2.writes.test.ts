import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant } from '../../test/factories.js';
import { createTestApp, signIn, type TestApp } from '../../test/harness.js';
import { issueApiToken } from '../api-clients/tokens.service.js';
import { createMarksWorld, type MarksWorld, v2Get } from './v2.marks.fixtures.js';
import { V2_LESSON_WORK_BASE } from './v2.marks.presenter.js';

/**
 * Teacher writes through v2 (kundelik-v2-api.md §1.9 POST persons/{p}/works/{w}/mark, §1.11 lesson-log writes):
 * each is the journal's own save, so it shows in the journal grid, leaves audit rows and obeys the journal's
 * policy, ranges and closed periods.
 */
let t: TestApp;
let w: MarksWorld;
let foreignTeacher: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await createMarksWorld(t.deps.db, t.deps.hasher, t.clock.now());
  const far = await createTenant(t.deps.db, t.deps.hasher);
  foreignTeacher = (await issueApiToken(t.deps.db, { personId: far.people.teacher.personId, now: t.clock.now() }))
    .accessToken;
});
afterAll(async () => t?.close());

async function send(method: 'POST' | 'PUT' | 'DELETE', token: string, url: string, body?: unknown) {
  const res = await t.app.inject({
    method,
    url,
    headers: { 'access-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> & { type?: string } };
}
const foWork = (lessonIdx: number) => V2_LESSON_WORK_BASE + Number(w.j.lessons[lessonIdx]!.id);

async function grid() {
  const web = await signIn(t.app, w.tenant.people.teacher.username, w.tenant.people.teacher.password);
  const res = await web.get(`/api/v1/journal/${w.j.assignmentId}?periodId=${w.j.q1.id}`);
  expect(res.statusCode).toBe(200);
  return res.json() as {
    marks: Array<{ id: number; studentId: number; lessonId: number | null; workId: number | null; value: unknown }>;
    attendance: Array<{ studentId: number; lessonId: number; code: string | null; reason: string | null }>;
  };
}
const auditOf = (action: string, subjectId: number) =>
  t.deps.db
    .selectFrom('auditEvents')
    .where('action', '=', action)
    .where('subjectId', '=', subjectId)
    .select(['actorPersonId', 'before', 'after'])
    .execute();

describe('v2 teacher writes', () => {
  it('POST persons/{p}/works/{w}/mark: a new ФО mark lands in the journal grid and the audit log', async () => {
    const [, , s2] = w.pupils;
    const lessonId = Number(w.j.lessons[0]!.id);
    const r = await send('POST', w.tokens.teacher, `/v2/persons/${s2}/works/${foWork(0)}/mark`, { value: '7' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      type: 'mark10',
      value: '7',
      textValue: '7',
      person: s2,
      person_str: String(s2),
      work: foWork(0),
      lesson: lessonId,
      workType: 1,
      mood: 'Good',
    });
    const cell = (await grid()).marks.find((m) => m.studentId === s2 && m.lessonId === lessonId);
    expect(cell).toMatchObject({ id: r.body.id, value: 7 });
    const audit = await auditOf('journal.markCreated', r.body.id as number);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorPersonId).toBe(w.tenant.people.teacher.personId);
    expect(audit[0]!.after).toMatchObject({ studentId: s2, lessonId, value: 7 });
    // The same value again changes nothing (no second audit row) and answers the same mark.
    const again = await send('POST', w.tokens.teacher, `/v2.0/persons/${s2}/works/${foWork(0)}/mark`, '7');
    expect(again).toEqual(r);
    expect(await auditOf('journal.markCreated', r.body.id as number)).toHaveLength(1);
  });

  it('changes an existing mark (a bare value body) with a markChanged audit row; a score keeps its maximum', async () => {
    const [s0, s1] = w.pupils;
    const r = await send('POST', w.tokens.teacher, `/v2/persons/${s0}/works/${foWork(0)}/mark`, 9);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ value: '9', person: s0 });
    const changed = await auditOf('journal.markChanged', r.body.id as number);
    expect(changed.map((a) => [(a.before as { value: unknown }).value, (a.after as { value: unknown }).value])).toEqual(
      [[8, 9]],
    );
    const sor = await send('POST', w.tokens.teacher, `/v2/persons/${s1}/works/${w.sor}/mark`, { value: '12,5' });
    expect(sor.status).toBe(200);
    expect(sor.body).toMatchObject({ type: 'mark100', value: '12.5', textValue: '12.5/20', workType: 2, work: w.sor });
    const g = await grid();
    expect(g.marks.find((m) => m.studentId === s1 && m.workId === w.sor)?.value).toBe(12.5);
    expect(g.marks.find((m) => m.studentId === s0 && m.lessonId === Number(w.j.lessons[0]!.id))?.value).toBe(9);
    // зачёт words of the other scales travel too: освобождён on a ФО lesson.
    const exempt = await send('POST', w.tokens.teacher, `/v2/persons/${s1}/works/${foWork(3)}/mark`, { value: 'осв' });
    expect(exempt.body).toMatchObject({ type: 'markdismiss', value: 'осв', mood: 'NotSet' });
  });

  it('refuses what the journal refuses: a score above the maximum, a ФО of 11, a word it does not know', async () => {
    const [s0] = w.pupils;
    const over = await send('POST', w.tokens.teacher, `/v2/persons/${s0}/works/${w.sor}/mark`, { value: '21' });
    expect([over.status, over.body.type]).toEqual([422, 'parameterInvalid']);
    const eleven = await send('POST', w.tokens.teacher, `/v2/persons/${s0}/works/${foWork(1)}/mark`, { value: 11 });
    expect([eleven.status, eleven.body.type]).toEqual([422, 'parameterInvalid']);
    for (const body of [{ value: 'five' }, {}, { value: '' }, [1]]) {
      const bad = await send('POST', w.tokens.teacher, `/v2/persons/${s0}/works/${foWork(1)}/mark`, body);
      expect([bad.status, bad.body.type], JSON.stringify(body)).toEqual([400, 'parameterInvalid']);
    }
    // A pupil outside the class: the journal's 404.
    const outsider = w.other.students[0]!.personId;
    const r = await send('POST', w.tokens.teacher, `/v2/persons/${outsider}/works/${foWork(1)}/mark`, { value: 5 });
    expect([r.status, r.body.type]).toEqual([404, 'notFound']);
    // Nothing of that was written: s0's mark on lesson 1 is still 5.
    expect(
      (await grid()).marks.find((m) => m.studentId === s0 && m.lessonId === Number(w.j.lessons[1]!.id))?.value,
    ).toBe(5);
  });

  it('403 accessDenied for a pupil, a parent and a teacher of another class; 404 for another school', async () => {
    const [s0] = w.pupils;
    const url = `/v2/persons/${s0}/works/${foWork(2)}/mark`;
    for (const token of [w.tokens.student, w.tokens.parent, w.tokens.otherTeacher]) {
      const r = await send('POST', token, url, { value: '10' });
      expect([r.status, r.body.type]).toEqual([403, 'accessDenied']);
    }
    const far = await send('POST', foreignTeacher, url, { value: '10' });
    expect([far.status, far.body.type]).toEqual([404, 'notFound']);
    const log = await send('POST', foreignTeacher, `/v2/lessons/${w.j.lessons[2]!.id}/log-entries`, {
      person: s0,
      status: 'Absent',
    });
    expect([log.status, log.body.type]).toEqual([404, 'notFound']);
    const parentLog = await send(
      'DELETE',
      w.tokens.parent,
      `/v2/lessons/${w.j.lessons[0]!.id}/log-entries?person=${s0}`,
    );
    expect([parentLog.status, parentLog.body.type]).toEqual([403, 'accessDenied']);
    // s0's mark on lesson 2 is still 3.
    expect(
      (await grid()).marks.find((m) => m.studentId === s0 && m.lessonId === Number(w.j.lessons[2]!.id))?.value,
    ).toBe(3);
  });

  it('a closed period refuses v2 writes with 409, like the journal', async () => {
    const [s0] = w.pupils;
    const closure = await t.deps.db
      .insertInto('periodClosures')
      .values({ schoolId: w.schoolId, periodId: w.j.q1.id, classId: null, closedBy: w.tenant.people.teacher.personId })
      .returning('id')
      .executeTakeFirstOrThrow();
    try {
      const r = await send('POST', w.tokens.admin, `/v2/persons/${s0}/works/${foWork(2)}/mark`, { value: '10' });
      expect([r.status, r.body.type]).toEqual([409, 'parameterInvalid']);
      const log = await send('POST', w.tokens.teacher, `/v2/lessons/${w.j.lessons[2]!.id}/log-entries`, {
        person: s0,
        status: 'Absent',
      });
      expect(log.status).toBe(409);
    } finally {
      await t.deps.db.deleteFrom('periodClosures').where('id', '=', closure.id).execute();
    }
  });

  it('POST / PUT / DELETE lessons/{l}/log-entries: attendance written through v2 is what the lesson log reads', async () => {
    const [s0, s1] = w.pupils;
    const lessonId = Number(w.j.lessons[3]!.id);
    const base = `/v2/lessons/${lessonId}/log-entries`;
    const posted = await send('POST', w.tokens.teacher, base, { person: s0, status: 'Absent', comment: 'no note' });
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({ person: s0, lesson: lessonId, status: 'Absent', comment: 'no note' });
    const read = await v2Get(t.app, w.tokens.teacher, base);
    expect((read.body as Array<{ person: number; status: string }>).map((e) => [e.person, e.status])).toEqual([
      [s0, 'Absent'],
      [w.pupils[2], 'Attend'],
    ]);
    const cell = (await grid()).attendance.find((a) => a.studentId === s0 && a.lessonId === lessonId);
    expect(cell).toMatchObject({ code: 'absent', reason: 'no note' });
    expect(await auditOf('journal.attendanceSet', lessonId)).toEqual([
      expect.objectContaining({ after: expect.objectContaining({ studentId: s0, code: 'absent', reason: 'no note' }) }),
    ]);
    // PUT in PYD's shape, the person in the query; status names in any case. Ill is our б (sick).
    const put = await send('PUT', w.tokens.teacher, `${base}?person=${s0}`, { lessonLogEntry: { status: 'ill' } });
    expect(put.body).toMatchObject({ person: s0, status: 'Ill', comment: 'no note' });
    // The pupil's own reading (persons/{p}/lesson-log-entries) sees the change.
    const own = await v2Get(
      t.app,
      w.tokens.student,
      `/v2/persons/${s0}/lesson-log-entries?startDate=${w.j.lessons[3]!.date}&endDate=${w.j.lessons[3]!.date}`,
    );
    expect((own.body as { logEntries: Array<{ status: string }> }).logEntries.map((e) => e.status)).toEqual(['Ill']);
    const late = await send('POST', w.tokens.teacher, base, { lessonLogEntry: { person: s1, status: 'Late' } });
    expect(late.body).toMatchObject({ person: s1, status: 'Late' });
    // DELETE clears s0's entry and answers the lesson's entries as they now are; again: the same, nothing written.
    const del = await send('DELETE', w.tokens.teacher, `${base}?person=${s0}`);
    expect(del.status).toBe(200);
    const left = (del.body as unknown as Array<{ person: number; status: string }>).map((e) => [e.person, e.status]);
    expect(left).toEqual([
      [s1, 'Late'],
      [w.pupils[2], 'Attend'],
    ]);
    const audits = (await auditOf('journal.attendanceSet', lessonId)).length;
    expect((await send('DELETE', w.tokens.teacher, `${base}?person=${s0}`)).body).toEqual(del.body);
    expect(await auditOf('journal.attendanceSet', lessonId)).toHaveLength(audits);
    expect((await grid()).attendance.find((a) => a.studentId === s0 && a.lessonId === lessonId)?.code ?? null).toBe(
      null,
    );
  });

  it('400 parameterInvalid for a status Kundelik does not have or a missing person', async () => {
    const base = `/v2/lessons/${w.j.lessons[4]!.id}/log-entries`;
    for (const body of [{ person: w.pupils[0], status: 'Sleeping' }, { status: 'Absent' }, { person: 'x' }]) {
      const r = await send('POST', w.tokens.teacher, base, body);
      expect([r.status, r.body.type], JSON.stringify(body)).toEqual([400, 'parameterInvalid']);
    }
    const r = await send('DELETE', w.tokens.teacher, base);
    expect([r.status, r.body.type]).toEqual([400, 'parameterInvalid']);
  });
});
