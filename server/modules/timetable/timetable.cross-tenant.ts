import type { CrossTenantModule } from '../../test/cross-tenant.types.js';

/**
 * The timetable's share of the cross-tenant test: the victim school gets, through its administrator's API, a
 * year of its own (dates no other module uses), a room, a subject, a class with an assignment, one timetable
 * entry, the first quarter's lessons and a cancelled lesson with a note. Every route is aimed at those.
 */
const ROOM = 'Жәбірленуші кабинеті 9T';
const SUBJECT = 'Жәбірленуші сабағы 9T';
const NOTE = 'Жәбірленуші ескертпесі 9T';
const ids = { year: 0, period: 0, room: 0, class: 0, entry: 0, lesson: 0, assignment: 0 };

function ok(res: { statusCode: number; body: string }, status: number, what: string) {
  if (res.statusCode !== status)
    throw new Error(`timetable cross-tenant prepare (${what}): ${res.statusCode} ${res.body}`);
}

export const timetableCrossTenant: CrossTenantModule = {
  async prepare({ victim, victimAdmin }) {
    const year = await victimAdmin.post('/api/v1/school-years', {
      name: '2033–2034',
      startsOn: '2033-09-01',
      endsOn: '2034-05-25',
      periods: [{ kind: 'quarter', number: 1, startsOn: '2033-09-01', endsOn: '2033-10-23' }],
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
    const room = await victimAdmin.post('/api/v1/rooms', { name: ROOM });
    ok(room, 201, 'room');
    ids.room = room.json().id;
    const subject = await victimAdmin.post('/api/v1/subjects', { nameKk: SUBJECT, nameRu: SUBJECT, nameEn: SUBJECT });
    ok(subject, 201, 'subject');
    const cls = await victimAdmin.post('/api/v1/classes', { yearId: ids.year, grade: 7, letter: 'Ө', language: 'kk' });
    ok(cls, 201, 'class');
    ids.class = cls.json().id;
    const assignment = await victimAdmin.post('/api/v1/teaching-assignments', {
      classId: ids.class,
      subjectId: subject.json().items[0].id,
      teacherPersonId: victim.people.teacher.personId,
    });
    ok(assignment, 201, 'assignment');
    ids.assignment = assignment.json().id;
    const saved = await victimAdmin.put(`/api/v1/school-years/${ids.year}/timetable`, {
      changes: [{ op: 'add', assignmentId: ids.assignment, roomId: ids.room, weekday: 1, shift: 1, lessonNumber: 1 }],
    });
    ok(saved, 200, 'timetable');
    ids.entry = saved.json().added[0];
    ok(
      await victimAdmin.post(`/api/v1/school-years/${ids.year}/periods/${ids.period}/generate-lessons`),
      200,
      'generate',
    );
    const lessons = await victimAdmin.get(`/api/v1/lessons?from=2033-09-01&to=2033-09-30&classId=${ids.class}`);
    ok(lessons, 200, 'lessons');
    ids.lesson = lessons.json().items[0].id;
    ok(await victimAdmin.post(`/api/v1/lessons/${ids.lesson}/cancel`, { note: NOTE }), 200, 'cancel');
  },
  fixtures: {
    // Lists of the attacker's own school: they may answer, without the victim's rooms.
    'GET /api/v1/rooms': () => ({ url: '/api/v1/rooms?includeArchived=true', outcome: 'noLeak' }),
    'POST /api/v1/rooms': () => ({ url: '/api/v1/rooms', body: { name: 'Attack room' }, outcome: 'noLeak' }),
    'PATCH /api/v1/rooms/:id': () => ({
      url: `/api/v1/rooms/${ids.room}`,
      body: { name: 'Renamed' },
      outcome: 'denied',
    }),
    'POST /api/v1/rooms/:id/archive': () => ({ url: `/api/v1/rooms/${ids.room}/archive`, body: {}, outcome: 'denied' }),
    'GET /api/v1/school-years/:yearId/timetable': () => ({
      url: `/api/v1/school-years/${ids.year}/timetable?classId=${ids.class}`,
      outcome: 'denied',
    }),
    'POST /api/v1/school-years/:yearId/timetable/check': () => ({
      url: `/api/v1/school-years/${ids.year}/timetable/check`,
      body: { changes: [{ op: 'remove', entryId: ids.entry }] },
      outcome: 'denied',
    }),
    'PUT /api/v1/school-years/:yearId/timetable': () => ({
      url: `/api/v1/school-years/${ids.year}/timetable`,
      body: { changes: [{ op: 'remove', entryId: ids.entry }] },
      outcome: 'denied',
    }),
    'POST /api/v1/school-years/:yearId/periods/:periodId/generate-lessons': () => ({
      url: `/api/v1/school-years/${ids.year}/periods/${ids.period}/generate-lessons`,
      body: {},
      outcome: 'denied',
    }),
    // Lessons are listed for the context school only: a foreign class id finds nothing.
    'GET /api/v1/lessons': () => ({
      url: `/api/v1/lessons?from=2033-09-01&to=2033-09-30&classId=${ids.class}`,
      outcome: 'noLeak',
    }),
    'GET /api/v1/lessons/:id/changes': () => ({ url: `/api/v1/lessons/${ids.lesson}/changes`, outcome: 'denied' }),
    'POST /api/v1/lessons/:id/cancel': () => ({
      url: `/api/v1/lessons/${ids.lesson}/cancel`,
      body: {},
      outcome: 'denied',
    }),
    'POST /api/v1/lessons/:id/restore': () => ({
      url: `/api/v1/lessons/${ids.lesson}/restore`,
      body: {},
      outcome: 'denied',
    }),
    'POST /api/v1/lessons/:id/substitute': (_v, attacker) => ({
      url: `/api/v1/lessons/${ids.lesson}/substitute`,
      body: { teacherPersonId: attacker.personId },
      outcome: 'denied',
    }),
    'POST /api/v1/lessons/:id/room': () => ({
      url: `/api/v1/lessons/${ids.lesson}/room`,
      body: { roomId: null },
      outcome: 'denied',
    }),
    'POST /api/v1/lessons/:id/move': () => ({
      url: `/api/v1/lessons/${ids.lesson}/move`,
      body: { date: '2033-09-06', lessonNumber: 1 },
      outcome: 'denied',
    }),
    // Someone else's timetable (the victim student) is never reachable, whoever asks.
    'GET /api/v1/me/timetable': (v) => ({
      url: `/api/v1/me/timetable?from=2033-09-05&personId=${v.people.student.personId}`,
      outcome: 'denied',
    }),
    // The calendar feed is the caller's own only.
    'GET /api/v1/me/calendar-feed': () => ({ url: '/api/v1/me/calendar-feed', outcome: 'noLeak' }),
    'POST /api/v1/me/calendar-feed': () => ({ url: '/api/v1/me/calendar-feed', body: {}, outcome: 'noLeak' }),
    'DELETE /api/v1/me/calendar-feed': () => ({ url: '/api/v1/me/calendar-feed', outcome: 'noLeak' }),
  },
  searches: () => ['/api/v1/rooms?includeArchived=true', '/api/v1/lessons?from=2033-09-01&to=2033-10-23'],
  markers: () => [ROOM, SUBJECT, NOTE],
};
