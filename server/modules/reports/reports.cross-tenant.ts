import type { CrossTenantModule } from '../../test/cross-tenant.types.js';

/**
 * The reports' share of the cross-tenant test: the victim school gets, through its administrator's API calls, a
 * year of its own (dates no other module uses) with a quarter, a class with the victim student and an assignment.
 * Every report route is aimed at that period and class: another school's people find neither (404), and
 * non-administrators are refused (403).
 */
const SUBJECT = 'Жәбірленуші есебі 5R';
const ids = { year: 0, period: 0, class: 0 };

function ok(res: { statusCode: number; body: string }, status: number, what: string) {
  if (res.statusCode !== status)
    throw new Error(`reports cross-tenant prepare (${what}): ${res.statusCode} ${res.body}`);
}

export const reportsCrossTenant: CrossTenantModule = {
  async prepare({ victim, victimAdmin }) {
    const year = await victimAdmin.post('/api/v1/school-years', {
      name: '2043–2044',
      startsOn: '2043-09-01',
      endsOn: '2044-05-25',
      periods: [{ kind: 'quarter', number: 1, startsOn: '2043-09-02', endsOn: '2043-10-26' }],
    });
    ok(year, 201, 'year');
    ids.year = year.json().id;
    ids.period = year.json().periods[0].id;
    const subject = await victimAdmin.post('/api/v1/subjects', { nameKk: SUBJECT, nameRu: SUBJECT, nameEn: SUBJECT });
    ok(subject, 201, 'subject');
    const cls = await victimAdmin.post('/api/v1/classes', { yearId: ids.year, grade: 6, letter: 'Р', language: 'kk' });
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
    // The victim's own administrator can read them (so a 404 below is isolation, not a broken route).
    ok(await victimAdmin.get(`/api/v1/reports/performance/classes/${ids.class}?periodId=${ids.period}`), 200, 'read');
  },
  fixtures: {
    'GET /api/v1/reports/performance': () => ({
      url: `/api/v1/reports/performance?periodId=${ids.period}`,
      outcome: 'denied',
    }),
    'GET /api/v1/reports/performance/classes/:classId': () => ({
      url: `/api/v1/reports/performance/classes/${ids.class}?periodId=${ids.period}`,
      outcome: 'denied',
    }),
    'GET /api/v1/reports/performance/export': () => ({
      url: `/api/v1/reports/performance/export?periodId=${ids.period}&classId=${ids.class}&format=xlsx`,
      outcome: 'denied',
    }),
    'GET /api/v1/reports/attendance': () => ({
      url: `/api/v1/reports/attendance?periodId=${ids.period}`,
      outcome: 'denied',
    }),
    'GET /api/v1/reports/attendance/classes/:classId': () => ({
      url: `/api/v1/reports/attendance/classes/${ids.class}?from=2043-09-01&to=2043-10-31`,
      outcome: 'denied',
    }),
    'GET /api/v1/reports/attendance/export': () => ({
      url: `/api/v1/reports/attendance/export?periodId=${ids.period}&classId=${ids.class}&format=pdf`,
      outcome: 'denied',
    }),
    'GET /api/v1/reports/fill-in': () => ({
      url: `/api/v1/reports/fill-in?periodId=${ids.period}`,
      outcome: 'denied',
    }),
  },
  markers: () => [SUBJECT],
};
