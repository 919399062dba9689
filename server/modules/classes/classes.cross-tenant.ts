import type { CrossTenantModule } from '../../test/cross-tenant.types.js';

/**
 * Cross-tenant fixtures of the classes and subjects modules (both are this workstream's; one prepare builds the
 * victim school's year, subjects, class, enrolment, sub-group, assignment, curriculum and assessment modes).
 */
const MARKER_SUBGROUP = 'Жәбірленуші топшасы 7Q';
const MARKER_SUBJECT = 'Жәбірленуші пәні 7Q';
/** Prepare goes through the API; a step that fails would make every fixture vacuous, so it stops the test. */
function ok(res: { statusCode: number; body: string }, status: number) {
  if (res.statusCode !== status) throw new Error(`classes cross-tenant prepare: ${res.statusCode} ${res.body}`);
}
const ids = { year: 0, class: 0, subject: 0, ownSubject: 0, subgroup: 0, assignment: 0 };

export const classesCrossTenant: CrossTenantModule = {
  async prepare({ victim, victimAdmin }) {
    // Dates no other module's fixture is likely to choose (a school has one year per start date).
    const year = await victimAdmin.post('/api/v1/school-years', {
      name: '2031–2032',
      startsOn: '2031-09-01',
      endsOn: '2032-05-25',
    });
    ok(year, 201);
    ids.year = year.json().id;
    const subjects = await victimAdmin.post('/api/v1/subjects', { catalogueCodes: ['mathematics'] });
    ok(subjects, 201);
    ids.subject = subjects.json().items[0].id;
    const own = await victimAdmin.post('/api/v1/subjects', {
      nameKk: MARKER_SUBJECT,
      nameRu: MARKER_SUBJECT,
      nameEn: MARKER_SUBJECT,
    });
    ok(own, 201);
    ids.ownSubject = own.json().items[0].id;
    const cls = await victimAdmin.post('/api/v1/classes', {
      yearId: ids.year,
      grade: 5,
      letter: 'Ә',
      language: 'kk',
      classTeacherPersonId: victim.people.teacher.personId,
    });
    ok(cls, 201);
    ids.class = cls.json().id;
    const enrolled = await victimAdmin.post(`/api/v1/classes/${ids.class}/students`, {
      personIds: [victim.people.student.personId],
    });
    ok(enrolled, 200);
    const group = await victimAdmin.post(`/api/v1/classes/${ids.class}/subgroups`, {
      name: MARKER_SUBGROUP,
      personIds: [victim.people.student.personId],
    });
    ok(group, 201);
    ids.subgroup = group.json().subgroups[0].id;
    const assignment = await victimAdmin.post('/api/v1/teaching-assignments', {
      classId: ids.class,
      subgroupId: ids.subgroup,
      subjectId: ids.subject,
      teacherPersonId: victim.people.teacher.personId,
    });
    ok(assignment, 201);
    ids.assignment = assignment.json().id;
    const curriculum = await victimAdmin.put(`/api/v1/school-years/${ids.year}/curriculum`, {
      sections: [{ grade: 5, language: 'kk', hours: [{ subjectId: ids.subject, hoursPerWeek: 5 }] }],
    });
    ok(curriculum, 200);
    const modes = await victimAdmin.put(`/api/v1/school-years/${ids.year}/assessment-modes`, {
      items: [{ subjectId: ids.subject, grade: 5, mode: 'graded', hasTermSummative: true, periodKind: 'quarter' }],
    });
    ok(modes, 200);
  },

  fixtures: {
    'GET /api/v1/classes': () => ({ url: `/api/v1/classes?yearId=${ids.year}`, outcome: 'denied' }),
    'POST /api/v1/classes': () => ({
      url: '/api/v1/classes',
      body: { yearId: ids.year, grade: 6, letter: 'Б', language: 'ru' },
      outcome: 'denied',
    }),
    'GET /api/v1/classes/:id': () => ({ url: `/api/v1/classes/${ids.class}`, outcome: 'denied' }),
    'PATCH /api/v1/classes/:id': () => ({ url: `/api/v1/classes/${ids.class}`, body: { shift: 3 }, outcome: 'denied' }),
    'POST /api/v1/classes/:id/students': (v) => ({
      url: `/api/v1/classes/${ids.class}/students`,
      body: { personIds: [v.people.student.personId] },
      outcome: 'denied',
    }),
    'POST /api/v1/classes/:id/students/:personId/leave': (v) => ({
      url: `/api/v1/classes/${ids.class}/students/${v.people.student.personId}/leave`,
      body: { reason: 'data_error' },
      outcome: 'denied',
    }),
    'GET /api/v1/persons/:id/class-history': (v) => ({
      url: `/api/v1/persons/${v.people.student.personId}/class-history`,
      outcome: 'denied',
    }),
    'POST /api/v1/classes/:id/subgroups': (v) => ({
      url: `/api/v1/classes/${ids.class}/subgroups`,
      body: { name: 'attack', personIds: [v.people.student.personId] },
      outcome: 'denied',
    }),
    'PATCH /api/v1/subgroups/:id': () => ({
      url: `/api/v1/subgroups/${ids.subgroup}`,
      body: { name: 'renamed by an attacker', personIds: [] },
      outcome: 'denied',
    }),
    'DELETE /api/v1/subgroups/:id': () => ({ url: `/api/v1/subgroups/${ids.subgroup}`, outcome: 'denied' }),
    'GET /api/v1/teaching-assignments': () => ({
      url: `/api/v1/teaching-assignments?yearId=${ids.year}&classId=${ids.class}`,
      outcome: 'denied',
    }),
    'POST /api/v1/teaching-assignments': (v) => ({
      url: '/api/v1/teaching-assignments',
      body: { classId: ids.class, subjectId: ids.subject, teacherPersonId: v.people.teacher.personId },
      outcome: 'denied',
    }),
    'DELETE /api/v1/teaching-assignments/:id': () => ({
      url: `/api/v1/teaching-assignments/${ids.assignment}`,
      outcome: 'denied',
    }),

    // Subjects: the catalogue is national; lists and additions only ever concern the caller's own school.
    'GET /api/v1/subject-catalogue': () => ({ url: '/api/v1/subject-catalogue', outcome: 'noLeak' }),
    'GET /api/v1/subjects': () => ({ url: '/api/v1/subjects?includeArchived=true', outcome: 'noLeak' }),
    'POST /api/v1/subjects': () => ({
      url: '/api/v1/subjects',
      body: { catalogueCodes: ['mathematics'] },
      outcome: 'noLeak',
    }),
    'PATCH /api/v1/subjects/:id': () => ({
      url: `/api/v1/subjects/${ids.ownSubject}`,
      body: { nameEn: 'renamed by an attacker' },
      outcome: 'denied',
    }),
    'POST /api/v1/subjects/:id/archive': () => ({
      url: `/api/v1/subjects/${ids.subject}/archive`,
      body: {},
      outcome: 'denied',
    }),
    'GET /api/v1/school-years/:id/curriculum': () => ({
      url: `/api/v1/school-years/${ids.year}/curriculum`,
      outcome: 'denied',
    }),
    'PUT /api/v1/school-years/:id/curriculum': () => ({
      url: `/api/v1/school-years/${ids.year}/curriculum`,
      body: { sections: [{ grade: 5, language: 'kk', hours: [] }] },
      outcome: 'denied',
    }),
    'GET /api/v1/school-years/:id/assessment-modes': () => ({
      url: `/api/v1/school-years/${ids.year}/assessment-modes`,
      outcome: 'denied',
    }),
    'PUT /api/v1/school-years/:id/assessment-modes': () => ({
      url: `/api/v1/school-years/${ids.year}/assessment-modes`,
      body: { items: [] },
      outcome: 'denied',
    }),
  },

  searches: () => ['/api/v1/classes', '/api/v1/teaching-assignments', '/api/v1/subjects?includeArchived=true'],
  markers: () => [MARKER_SUBGROUP, MARKER_SUBJECT],
};
