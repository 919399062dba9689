import type { CrossTenantModule } from '../../test/cross-tenant.types.js';

/**
 * The diary's share of the cross-tenant test: every route is aimed at the victim school's student (who has the
 * journal module's lessons, marks and homework of 2035); no attacker is that student or their parent, so each
 * answers 404. The list of readable students may answer, but never with the victim.
 */
const ids = { homework: 1, work: 1 };

export const diaryCrossTenant: CrossTenantModule = {
  async prepare({ t, victim }) {
    const hw = await t.deps.db
      .selectFrom('homework')
      .where('schoolId', '=', victim.school.id)
      .select('id')
      .executeTakeFirst();
    if (hw) ids.homework = hw.id;
    const work = await t.deps.db
      .selectFrom('assessmentWorks')
      .where('schoolId', '=', victim.school.id)
      .select('id')
      .executeTakeFirst();
    if (work) ids.work = work.id;
  },
  fixtures: {
    'GET /api/v1/diary/students': () => ({ url: '/api/v1/diary/students', outcome: 'noLeak' }),
    'GET /api/v1/diary/:studentId/week': (v) => ({
      url: `/api/v1/diary/${v.people.student.personId}/week?date=2035-09-03`,
      outcome: 'denied',
    }),
    'GET /api/v1/diary/:studentId/subjects': (v) => ({
      url: `/api/v1/diary/${v.people.student.personId}/subjects`,
      outcome: 'denied',
    }),
    'GET /api/v1/diary/:studentId/homework': (v) => ({
      url: `/api/v1/diary/${v.people.student.personId}/homework?from=2035-09-01&to=2035-10-30`,
      outcome: 'denied',
    }),
    'PUT /api/v1/diary/:studentId/homework/:homeworkId/done': (v) => ({
      url: `/api/v1/diary/${v.people.student.personId}/homework/${ids.homework}/done`,
      body: { done: true },
      outcome: 'denied',
    }),
    'GET /api/v1/diary/:studentId/works/:workId/distribution': (v) => ({
      url: `/api/v1/diary/${v.people.student.personId}/works/${ids.work}/distribution`,
      outcome: 'denied',
    }),
    'GET /api/v1/institutions/:id/diary-setting': (v) => ({
      url: `/api/v1/institutions/${v.school.id}/diary-setting`,
      outcome: 'denied',
    }),
    'PUT /api/v1/institutions/:id/diary-setting': (v) => ({
      url: `/api/v1/institutions/${v.school.id}/diary-setting`,
      body: { classDistribution: true },
      outcome: 'denied',
    }),
  },
  searches: () => ['/api/v1/diary/students'],
};
