import type { App } from '../../../app.js';
import { DEMO_API_CLIENT } from '../../../db/../modules/api-clients/api-clients.demo.js';
import type { Database } from '../../../db/client.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../../db/demo/logins.js';
import { signIn } from '../../../test/harness.js';
import type { ActorName, V2Ctx } from './endpoints.js';
import { type V2Token, v2Request, v2SignIn } from './v2-client.js';

/**
 * The demo data as the v2 suites see it (test-only): the demo school's ids from the database, a week with the
 * demo student's marks, a homework set through the journal API like a teacher would, and the v2-only ids
 * (marks, works, tasks) discovered through the v2 API like a client would.
 */

export const ACTOR_USERNAMES: Record<ActorName, string> = {
  parent: DEMO_USERS.parent.username,
  student: DEMO_USERS.student.username,
  teacher: DEMO_USERS.teacher.username,
};

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
/** The Monday of a day's week. */
export const mondayOf = (day: string) => {
  const dow = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -dow);
};
export { addDays };

const personOf = async (db: Database, username: string) =>
  (await db.selectFrom('accounts').where('username', '=', username).select('personId').executeTakeFirstOrThrow())
    .personId;

export interface DemoIds {
  school: number;
  student: number;
  parent: number;
  teacher: number;
  group: number;
  subject: number;
}

/** The demo school, its student / parent / teacher, the student's class («5 Ә») and mathematics. */
export async function demoIds(db: Database): Promise<DemoIds> {
  const student = await personOf(db, DEMO_USERS.student.username);
  const enrolment = await db
    .selectFrom('classEnrollments')
    .where('studentPersonId', '=', student)
    .where('endsOn', 'is', null)
    .select(['schoolId', 'classId'])
    .executeTakeFirstOrThrow();
  const subject = await db
    .selectFrom('subjects')
    .where('schoolId', '=', enrolment.schoolId)
    .where('catalogueCode', '=', 'mathematics')
    .select('id')
    .executeTakeFirstOrThrow();
  return {
    school: enrolment.schoolId,
    student,
    parent: await personOf(db, DEMO_USERS.parent.username),
    teacher: await personOf(db, DEMO_USERS.teacher.username),
    group: enrolment.classId,
    subject: subject.id,
  };
}

export interface DemoWeek {
  from: string;
  to: string;
  day: string;
  lesson: number;
  /** The next mathematics lesson of the class after `day` (a homework is set for it). */
  nextLessonDate: string;
  period: number;
}

/**
 * The latest week in which the demo student has a ФО mark in mathematics: its Monday and Sunday, the first such
 * lesson, and the date of the next mathematics lesson after it (5 a week, so there is one in the same week
 * unless the mark was on the week's last one — then the week before is taken).
 */
export async function demoWeek(db: Database, ids: DemoIds): Promise<DemoWeek> {
  const marked = await db
    .selectFrom('marks as m')
    .innerJoin('lessons as l', (j) => j.onRef('l.schoolId', '=', 'm.schoolId').onRef('l.id', '=', 'm.lessonId'))
    .where('m.schoolId', '=', ids.school)
    .where('m.studentPersonId', '=', ids.student)
    .where('l.subjectId', '=', ids.subject)
    .select(['l.id', 'l.date'])
    .orderBy('l.date', 'desc')
    .orderBy('l.lessonNumber')
    .execute();
  const maths = await db
    .selectFrom('lessons')
    .where('schoolId', '=', ids.school)
    .where('classId', '=', ids.group)
    .where('subjectId', '=', ids.subject)
    .where('status', '=', 'scheduled')
    .select(['date'])
    .orderBy('date')
    .execute();
  for (const week of [...new Set(marked.map((m) => mondayOf(m.date)))]) {
    const to = addDays(week, 6);
    const inWeek = marked.filter((m) => m.date >= week && m.date <= to).reverse();
    for (const first of inWeek) {
      const next = maths.find((l) => l.date > first.date && l.date <= to);
      if (!next) continue;
      const period = await db
        .selectFrom('academicPeriods')
        .where('schoolId', '=', ids.school)
        .where('kind', '=', 'quarter')
        .where('startsOn', '<=', first.date)
        .where('endsOn', '>=', first.date)
        .select('id')
        .executeTakeFirstOrThrow();
      return { from: week, to, day: first.date, lesson: first.id, nextLessonDate: next.date, period: period.id };
    }
  }
  throw new Error('the demo data has no week with a mathematics mark followed by another mathematics lesson');
}

/**
 * Marks the demo student late at a lesson (straight into the journal's table, like the demo seed does), so the
 * lesson-log routes have an entry of hers to show whatever the seeded randomness gave.
 */
export async function markLate(db: Database, ids: DemoIds, lessonId: number) {
  await db
    .insertInto('attendance')
    .values({
      schoolId: ids.school,
      lessonId,
      studentPersonId: ids.student,
      code: 'late',
      reason: null,
      updatedBy: ids.teacher,
    })
    .onConflict((oc) => oc.columns(['schoolId', 'lessonId', 'studentPersonId']).doUpdateSet({ code: 'late' }))
    .execute();
}

/** Sets a lesson's homework through the journal API, signed in on the web as the demo teacher. */
export async function setHomeworkAsTeacher(app: App, lessonId: number, text: string, dueDate: string) {
  const teacher = await signIn(app, DEMO_USERS.teacher.username, DEMO_PASSWORD);
  const res = await teacher.put(`/api/v1/lessons/${lessonId}/homework`, { text, dueDate });
  if (res.statusCode !== 200) throw new Error(`setting homework → ${res.statusCode} ${res.body.slice(0, 200)}`);
}

export interface DemoClient {
  clientId: string;
  clientSecret: string;
}

/** The demo API client the seed registers (README lists its id and secret). */
export function demoClientCredentials(): DemoClient {
  return { clientId: DEMO_API_CLIENT.clientId, clientSecret: DEMO_API_CLIENT.clientSecret };
}

/** Signs the three demo users in through the v2 login. */
export async function demoTokens(app: App, client: DemoClient): Promise<Record<ActorName, V2Token>> {
  const out = {} as Record<ActorName, V2Token>;
  for (const [actor, username] of Object.entries(ACTOR_USERNAMES) as [ActorName, string][]) {
    out[actor] = await v2SignIn(app, { username, password: DEMO_PASSWORD, ...client });
  }
  return out;
}

type Obj = Record<string, unknown>;
async function getJson(app: App, token: string, path: string): Promise<unknown> {
  const res = await v2Request(app, token, path);
  if (res.statusCode !== 200) return undefined;
  try {
    return JSON.parse(res.body);
  } catch {
    return undefined;
  }
}
const first = (v: unknown) => (Array.isArray(v) ? (v[0] as Obj | undefined) : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/**
 * The ids only the v2 API knows (a mark's, a work's, a task's), found the way a client finds them; 0 when the
 * route that would tell is missing or broken (the rows that need them then fail and say so).
 */
export async function demoContext(
  app: App,
  ids: DemoIds,
  week: DemoWeek,
  tokens: Record<ActorName, V2Token>,
): Promise<V2Ctx> {
  const teacher = tokens.teacher.accessToken;
  const marks = await getJson(app, teacher, `/lessons/${week.lesson}/marks`);
  const mark = first(marks);
  const lesson = (await getJson(app, teacher, `/lessons/${week.lesson}`)) as Obj | undefined;
  const works = Array.isArray(lesson?.works) ? (lesson.works as Obj[]) : [];
  const homework = works.find((w) => w.type === 'Homework') ?? works[0];
  const work = num(mark?.work) || num(homework?.id);
  const tasks =
    first(await getJson(app, tokens.student.accessToken, `/tasks?lessons=${week.lesson}`)) ??
    first(await getJson(app, teacher, `/works/${num(homework?.id)}/tasks`)) ??
    first(
      await getJson(app, tokens.student.accessToken, `/persons/${ids.student}/tasks?from=${week.from}&to=${week.to}`),
    );
  const section = first(
    await getJson(
      app,
      teacher,
      `/edu-group/${ids.group}/subject/${ids.subject}/period/${week.period}/criteria-marks-sections`,
    ),
  );
  return {
    ...ids,
    section: num(section?.id),
    studentUser:
      num(((await getJson(app, tokens.student.accessToken, '/users/me')) as Obj | undefined)?.id) ||
      tokens.student.user,
    lesson: week.lesson,
    period: week.period,
    mark: num(mark?.id),
    work,
    task: num(tasks?.id),
    from: week.from,
    to: week.to,
    day: week.day,
  };
}
