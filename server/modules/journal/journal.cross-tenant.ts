import type { CrossTenantModule } from '../../test/cross-tenant.types.js';
import { signIn } from '../../test/harness.js';
import { multipart } from '../imports/imports.fixtures.js';

/**
 * The journal's share of the cross-tenant test: the victim school gets, through its own people's API calls, a
 * year of its own (dates no other module uses), a class with the victim student, an assignment of the victim
 * teacher, a quarter of lessons, a СОр work, a mark with a comment, attendance, a topic and homework, and a
 * closed-then-reopened period. Every journal route is aimed at those.
 */
const SUBJECT = 'Жәбірленуші журналы 5J';
const COMMENT = 'Жәбірленуші пікірі 5J';
const TOPIC = 'Жәбірленуші тақырыбы 5J';
const FILE_NAME = 'Жәбірленуші файлы 5J.txt';
const FILE_TEXT = 'Victim homework file 5J';
const ids = { year: 0, period: 0, class: 0, assignment: 0, lesson: 0, work: 0, mark: 0, attachment: 0 };

function ok(res: { statusCode: number; body: string }, status: number, what: string) {
  if (res.statusCode !== status)
    throw new Error(`journal cross-tenant prepare (${what}): ${res.statusCode} ${res.body}`);
}

export const journalCrossTenant: CrossTenantModule = {
  async prepare({ t, victim, victimAdmin }) {
    const year = await victimAdmin.post('/api/v1/school-years', {
      name: '2035–2036',
      startsOn: '2035-09-01',
      endsOn: '2036-05-25',
      periods: [{ kind: 'quarter', number: 1, startsOn: '2035-09-03', endsOn: '2035-10-26' }],
    });
    ok(year, 201, 'year');
    ids.year = year.json().id;
    ids.period = year.json().periods[0].id;
    ok(
      await victimAdmin.put(`/api/v1/school-years/${ids.year}/bells`, {
        shifts: [{ shift: 1, lessons: [{ number: 1, startsAt: '08:00', endsAt: '08:45' }] }],
      }),
      200,
      'bells',
    );
    const subject = await victimAdmin.post('/api/v1/subjects', { nameKk: SUBJECT, nameRu: SUBJECT, nameEn: SUBJECT });
    ok(subject, 201, 'subject');
    const cls = await victimAdmin.post('/api/v1/classes', { yearId: ids.year, grade: 5, letter: 'Ж', language: 'kk' });
    ok(cls, 201, 'class');
    ids.class = cls.json().id;
    ok(
      await victimAdmin.post(`/api/v1/classes/${ids.class}/students`, { personIds: [victim.people.student.personId] }),
      200,
      'enrol',
    );
    const assignment = await victimAdmin.post('/api/v1/teaching-assignments', {
      classId: ids.class,
      subjectId: subject.json().items[0].id,
      teacherPersonId: victim.people.teacher.personId,
    });
    ok(assignment, 201, 'assignment');
    ids.assignment = assignment.json().id;
    ok(
      await victimAdmin.put(`/api/v1/school-years/${ids.year}/timetable`, {
        changes: [{ op: 'add', assignmentId: ids.assignment, roomId: null, weekday: 1, shift: 1, lessonNumber: 1 }],
      }),
      200,
      'timetable',
    );
    ok(
      await victimAdmin.post(`/api/v1/school-years/${ids.year}/periods/${ids.period}/generate-lessons`),
      200,
      'generate',
    );
    const teacher = await signIn(t.app, victim.people.teacher.username, victim.people.teacher.password);
    const grid = await teacher.get(`/api/v1/journal/${ids.assignment}`);
    ok(grid, 200, 'grid');
    ids.lesson = grid.json().lessons[0].id;
    const studentId = victim.people.student.personId;
    const mark = await teacher.put(`/api/v1/journal/${ids.assignment}/marks`, {
      cells: [{ studentId, lessonId: ids.lesson, value: 9, comment: COMMENT, expectedVersion: null }],
    });
    ok(mark, 200, 'mark');
    ids.mark = mark.json().marks[0].id;
    ok(
      await teacher.put(`/api/v1/journal/${ids.assignment}/attendance`, {
        cells: [{ studentId, lessonId: ids.lesson, code: 'late', expectedVersion: null }],
      }),
      200,
      'attendance',
    );
    const work = await teacher.post(`/api/v1/journal/${ids.assignment}/works`, {
      kind: 'sor',
      title: 'БЖБ',
      maxScore: 10,
      date: '2035-09-10',
    });
    ok(work, 201, 'work');
    ids.work = work.json().id;
    ok(await teacher.put(`/api/v1/lessons/${ids.lesson}/topic`, { topic: TOPIC }), 200, 'topic');
    ok(await teacher.put(`/api/v1/lessons/${ids.lesson}/homework`, { text: TOPIC }), 200, 'homework');
    const file = multipart(FILE_NAME, Buffer.from(FILE_TEXT), 'text/plain');
    const attachment = await teacher.request('POST', `/api/v1/lessons/${ids.lesson}/homework/attachments`, file.body, {
      'content-type': file.contentType,
    });
    ok(attachment, 201, 'attachment');
    ids.attachment = attachment.json().id;
    ok(await victimAdmin.post(`/api/v1/journal/periods/${ids.period}/close`, {}), 200, 'close');
    ok(await victimAdmin.post(`/api/v1/journal/periods/${ids.period}/reopen`, { reason: 'x' }), 200, 'reopen');
  },
  fixtures: {
    // The attacker's own assignments: may answer, never the victim's.
    'GET /api/v1/journal/assignments': () => ({
      url: `/api/v1/journal/assignments?classId=${ids.class}`,
      outcome: 'noLeak',
    }),
    'GET /api/v1/journal/:assignmentId': () => ({
      url: `/api/v1/journal/${ids.assignment}?periodId=${ids.period}`,
      outcome: 'denied',
    }),
    'GET /api/v1/journal/:assignmentId/changes': () => ({
      url: `/api/v1/journal/${ids.assignment}/changes?since=0`,
      outcome: 'denied',
    }),
    'PUT /api/v1/journal/:assignmentId/marks': (v) => ({
      url: `/api/v1/journal/${ids.assignment}/marks`,
      body: { cells: [{ studentId: v.people.student.personId, lessonId: ids.lesson, value: 2, expectedVersion: 1 }] },
      outcome: 'denied',
    }),
    'PUT /api/v1/journal/:assignmentId/attendance': (v) => ({
      url: `/api/v1/journal/${ids.assignment}/attendance`,
      body: {
        cells: [{ studentId: v.people.student.personId, lessonId: ids.lesson, code: 'absent', expectedVersion: 1 }],
      },
      outcome: 'denied',
    }),
    'POST /api/v1/journal/:assignmentId/works': () => ({
      url: `/api/v1/journal/${ids.assignment}/works`,
      body: { kind: 'sor', title: 'Attack', maxScore: 10, date: '2035-09-17' },
      outcome: 'denied',
    }),
    'PATCH /api/v1/journal/:assignmentId/works/:workId': () => ({
      url: `/api/v1/journal/${ids.assignment}/works/${ids.work}`,
      body: { title: 'Attack' },
      outcome: 'denied',
    }),
    'DELETE /api/v1/journal/:assignmentId/works/:workId': () => ({
      url: `/api/v1/journal/${ids.assignment}/works/${ids.work}`,
      outcome: 'denied',
    }),
    'GET /api/v1/journal/marks/:id/history': () => ({
      url: `/api/v1/journal/marks/${ids.mark}/history`,
      outcome: 'denied',
    }),
    'POST /api/v1/journal/periods/:periodId/close': () => ({
      url: `/api/v1/journal/periods/${ids.period}/close`,
      body: {},
      outcome: 'denied',
    }),
    'POST /api/v1/journal/periods/:periodId/reopen': () => ({
      url: `/api/v1/journal/periods/${ids.period}/reopen`,
      body: { reason: 'Attack' },
      outcome: 'denied',
    }),
    'PUT /api/v1/lessons/:id/topic': () => ({
      url: `/api/v1/lessons/${ids.lesson}/topic`,
      body: { topic: 'Attack' },
      outcome: 'denied',
    }),
    'PUT /api/v1/lessons/:id/homework': () => ({
      url: `/api/v1/lessons/${ids.lesson}/homework`,
      body: { text: 'Attack' },
      outcome: 'denied',
    }),
    // A JSON body is not an upload, but the foreign lesson is refused before the body is looked at.
    'POST /api/v1/lessons/:id/homework/attachments': () => ({
      url: `/api/v1/lessons/${ids.lesson}/homework/attachments`,
      body: { file: 'x' },
      outcome: 'denied',
    }),
    'GET /api/v1/lessons/:id/homework/attachments/:attachmentId': () => ({
      url: `/api/v1/lessons/${ids.lesson}/homework/attachments/${ids.attachment}`,
      outcome: 'denied',
    }),
    'DELETE /api/v1/lessons/:id/homework/attachments/:attachmentId': () => ({
      url: `/api/v1/lessons/${ids.lesson}/homework/attachments/${ids.attachment}`,
      outcome: 'denied',
    }),
  },
  searches: () => ['/api/v1/journal/assignments'],
  markers: () => [SUBJECT, COMMENT, TOPIC, FILE_NAME, FILE_TEXT],
};
