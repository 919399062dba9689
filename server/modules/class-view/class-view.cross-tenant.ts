import type { CrossTenantModule } from '../../test/cross-tenant.types.js';

/**
 * The class view's share of the cross-tenant test: the victim school gets, through its administrator's API calls,
 * a year of its own (dates no other module uses), a class led by the victim teacher with the victim student, and a
 * subject taught there. Every class-view route is aimed at that class.
 */
const SUBJECT = 'Жәбірленуші сыныбы 5K';
const ids = { year: 0, period: 0, class: 0 };

function ok(res: { statusCode: number; body: string }, status: number, what: string) {
  if (res.statusCode !== status)
    throw new Error(`class-view cross-tenant prepare (${what}): ${res.statusCode} ${res.body}`);
}

export const classViewCrossTenant: CrossTenantModule = {
  async prepare({ victim, victimAdmin }) {
    const year = await victimAdmin.post('/api/v1/school-years', {
      name: '2041–2042',
      startsOn: '2041-09-01',
      endsOn: '2042-05-25',
      periods: [{ kind: 'quarter', number: 1, startsOn: '2041-09-02', endsOn: '2041-10-25' }],
    });
    ok(year, 201, 'year');
    ids.year = year.json().id;
    ids.period = year.json().periods[0].id;
    const subject = await victimAdmin.post('/api/v1/subjects', { nameKk: SUBJECT, nameRu: SUBJECT, nameEn: SUBJECT });
    ok(subject, 201, 'subject');
    const cls = await victimAdmin.post('/api/v1/classes', {
      yearId: ids.year,
      grade: 5,
      letter: 'К',
      language: 'kk',
      classTeacherPersonId: victim.people.teacher.personId,
    });
    ok(cls, 201, 'class');
    ids.class = cls.json().id;
    ok(
      await victimAdmin.post(`/api/v1/classes/${ids.class}/students`, { personIds: [victim.people.student.personId] }),
      200,
      'enrol',
    );
    ok(
      await victimAdmin.post('/api/v1/teaching-assignments', {
        classId: ids.class,
        subjectId: subject.json().items[0].id,
        teacherPersonId: victim.people.teacher.personId,
      }),
      201,
      'assignment',
    );
  },
  fixtures: {
    // The attacker's own classes (of a year id that is not theirs: 404, or none): never the victim's.
    'GET /api/v1/class-view/classes': () => ({
      url: `/api/v1/class-view/classes?yearId=${ids.year}`,
      outcome: 'noLeak',
    }),
    'GET /api/v1/class-view/:classId': () => ({
      url: `/api/v1/class-view/${ids.class}?periodId=${ids.period}`,
      outcome: 'denied',
    }),
    'GET /api/v1/class-view/:classId/day': () => ({
      url: `/api/v1/class-view/${ids.class}/day?date=2041-09-02`,
      outcome: 'denied',
    }),
  },
  searches: () => ['/api/v1/class-view/classes'],
  markers: () => [SUBJECT],
};
