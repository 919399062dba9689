import type { CrossTenantModule } from '../../test/cross-tenant.types.js';
import { signIn } from '../../test/harness.js';
import { multipart } from '../imports/imports.fixtures.js';

/**
 * Topic plans and journal results in the cross-tenant test: the victim school gets a year of its own, a class
 * with the victim student, an assignment of the victim teacher, a plan of topics uploaded by that teacher and
 * applied to the journal. Every route is aimed at those.
 */
const SUBJECT = 'Жәбірленуші КТП пәні 5T';
const TOPIC = 'Жәбірленуші КТП тақырыбы 5T';
const ids = { year: 0, subject: 0, assignment: 0, plan: 0 };

function ok(res: { statusCode: number; body: string }, status: number, what: string) {
  if (res.statusCode !== status)
    throw new Error(`topic plans cross-tenant prepare (${what}): ${res.statusCode} ${res.body}`);
}

export const topicPlansCrossTenant: CrossTenantModule = {
  async prepare({ t, victim, victimAdmin }) {
    const year = await victimAdmin.post('/api/v1/school-years', {
      name: '2037–2038',
      startsOn: '2037-09-01',
      endsOn: '2038-05-25',
      periods: [{ kind: 'quarter', number: 1, startsOn: '2037-09-02', endsOn: '2037-10-26' }],
    });
    ok(year, 201, 'year');
    ids.year = year.json().id;
    const subject = await victimAdmin.post('/api/v1/subjects', { nameKk: SUBJECT, nameRu: SUBJECT, nameEn: SUBJECT });
    ok(subject, 201, 'subject');
    ids.subject = subject.json().items[0].id;
    const cls = await victimAdmin.post('/api/v1/classes', { yearId: ids.year, grade: 5, letter: 'Т', language: 'kk' });
    ok(cls, 201, 'class');
    ok(
      await victimAdmin.post(`/api/v1/classes/${cls.json().id}/students`, {
        personIds: [victim.people.student.personId],
      }),
      200,
      'enrol',
    );
    const assignment = await victimAdmin.post('/api/v1/teaching-assignments', {
      classId: cls.json().id,
      subjectId: ids.subject,
      teacherPersonId: victim.people.teacher.personId,
    });
    ok(assignment, 201, 'assignment');
    ids.assignment = assignment.json().id;
    const teacher = await signIn(t.app, victim.people.teacher.username, victim.people.teacher.password);
    const file = multipart('ktp.csv', Buffer.from(`№;Тақырып;Сағат\n1;${TOPIC};2\n`, 'utf8'));
    const plan = await teacher.request(
      'POST',
      `/api/v1/topic-plans?subjectId=${ids.subject}&grade=5&yearId=${ids.year}`,
      file.body,
      { 'content-type': file.contentType },
    );
    ok(plan, 201, 'plan');
    ids.plan = plan.json().id;
    ok(await teacher.post(`/api/v1/journal/${ids.assignment}/topic-plan/apply`, {}), 200, 'apply');
    ok(await teacher.get(`/api/v1/journal/${ids.assignment}/results`), 200, 'results');
  },
  fixtures: {
    'GET /api/v1/topic-plans': () => ({
      url: `/api/v1/topic-plans?subjectId=${ids.subject}&grade=5&yearId=${ids.year}`,
      outcome: 'denied',
    }),
    'POST /api/v1/topic-plans': () => ({
      url: `/api/v1/topic-plans?subjectId=${ids.subject}&grade=5&yearId=${ids.year}`,
      body: { file: 'x' },
      outcome: 'denied',
    }),
    'DELETE /api/v1/topic-plans/:id': () => ({ url: `/api/v1/topic-plans/${ids.plan}`, outcome: 'denied' }),
    'POST /api/v1/journal/:assignmentId/topic-plan/apply': () => ({
      url: `/api/v1/journal/${ids.assignment}/topic-plan/apply`,
      body: { overwriteFrom: '2037-09-01' },
      outcome: 'denied',
    }),
    'GET /api/v1/journal/:assignmentId/results': () => ({
      url: `/api/v1/journal/${ids.assignment}/results`,
      outcome: 'denied',
    }),
  },
  markers: () => [SUBJECT, TOPIC],
};
