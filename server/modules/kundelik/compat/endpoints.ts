import * as S from './schemas.js';

/**
 * The v2 endpoints the compatibility suite (compat.test.ts) and the v2 cross-tenant test call: one row per
 * route of kundelik-v2-api.md §5's priority list and of what the v2 modules implement, each with the schema its
 * answer must match and the URL a client would send. A registered /v2 route without a row fails both tests.
 */

export type ActorName = 'parent' | 'student' | 'teacher';

/** The demo ids the URLs are built from (the demo school's «5 Ә», its student, the student's parent…). */
export interface V2Ctx {
  school: number;
  group: number;
  subject: number;
  period: number;
  /** Person ids; `student` is also the parent's child. */
  student: number;
  parent: number;
  teacher: number;
  /** The student's v2 user id (users/me `id`). */
  studentUser: number;
  lesson: number;
  mark: number;
  work: number;
  task: number;
  /** A Monday and the Sunday after (YYYY-MM-DD): a week with the student's marks and lessons. */
  from: string;
  to: string;
  /** A day of that week with lessons and marks. */
  day: string;
}

/** How a calendar day is written in a path or a query (compat.test.ts varies it over the §1.0 formats). */
export interface DateFormat {
  name: string;
  path(day: string): string;
  query(day: string): string;
}
export const LOCAL_DATE: DateFormat = { name: 'LocalDate', path: (d) => d, query: (d) => d };

/**
 * Who a route is about, for the cross-tenant test:
 * - self: about the caller only (users/me…): may answer, never with another school's data;
 * - reference: the same for everyone (mark scales, log statuses);
 * - person: a person's data (a parent may see only their linked child);
 * - school: a school's or a class's data.
 */
export type Scope = 'self' | 'reference' | 'person' | 'school';

export interface Row {
  /** "METHOD /v2/path/:param" (param names are free; routes are compared with them anonymised). */
  route: string;
  schema: S.Schema;
  /** The demo users who call it (the first one also runs the date-format variations). */
  actors: ActorName[];
  /** After the prefix, with the query; dates through `f`. */
  url: (c: V2Ctx, f: DateFormat, actor: ActorName) => string;
  body?: (c: V2Ctx) => unknown;
  /** Whether the URL carries dates (then every §1.0 date format is tried). */
  dates?: boolean;
  scope: Scope;
  /**
   * Takes ids in a body or a query list (users/many, lessons/many, ?eduGroups=…): foreign ids are dropped, so a
   * foreign caller may get 200 with an empty list instead of 404 — never with an element.
   */
  batch?: boolean;
  /** Listed in §5's priority list: the route must exist (the others are checked when a v2 module adds them). */
  priority?: boolean;
  /** Extra facts about the demo data the answer must show; returns a problem or undefined. */
  check?: (body: unknown, c: V2Ctx, actor: ActorName) => string | undefined;
}

type Obj = Record<string, unknown>;
const list = (b: unknown) => (Array.isArray(b) ? (b as Obj[]) : []);
const hasId = (b: unknown, id: number, key = 'id') => list(b).some((x) => x[key] === id);
const nonEmpty = (what: string) => (b: unknown) =>
  list(b).length > 0 ? undefined : `expected ${what} from the demo data, got an empty list`;
const marksOfStudent: NonNullable<Row['check']> = (b, c) => {
  const marks = list(b);
  if (marks.length === 0) return 'expected the demo student’s marks of the week, got none';
  const foreign = marks.find((m) => m.person !== c.student);
  return foreign ? `a mark of person ${String(foreign.person)} in the student's list` : undefined;
};
const PERSON_ACTORS: ActorName[] = ['student', 'parent', 'teacher'];
const ALL: ActorName[] = ['parent', 'student', 'teacher'];

export const ROWS: Row[] = [
  // ------------------------------------------------------------------------- §5.8.1 users/me and context
  {
    route: 'GET /v2/users/me',
    schema: S.User,
    actors: ALL,
    url: () => '/users/me',
    scope: 'self',
    priority: true,
  },
  {
    route: 'GET /v2/users/me/context',
    schema: S.Context,
    actors: ALL,
    url: () => '/users/me/context',
    scope: 'self',
    priority: true,
    check: (b, c, a) => {
      const ctx = b as Obj;
      if (a === 'student') {
        // J2ME: personId, shortName, groupIds[0], schools[0].name, eduGroups[0].name.
        if (ctx.personId !== c.student) return `context.personId ${String(ctx.personId)} is not the student`;
        if (!list(ctx.groupIds).length || !list(ctx.schools).length || !list(ctx.eduGroups).length)
          return "a pupil's context needs groupIds[0], schools[0] and eduGroups[0] (J2ME reads them)";
        if (!(ctx.groupIds as number[]).includes(c.group)) return `groupIds lacks the student's class ${c.group}`;
        if (!(ctx.roles as string[]).includes('EduStudent'))
          return 'a pupil without EduStudent (LIM lets only them in)';
      }
      if (a === 'parent') {
        const child = list(ctx.children).find((x) => x.personId === c.student);
        if (!child) return "the parent's context does not list her child in children[]";
        if (!(ctx.roles as string[]).includes('EduParent')) return 'a parent without EduParent';
      }
      return undefined;
    },
  },
  {
    route: 'GET /v2/users/me/schools',
    schema: S.ID_LIST,
    actors: ALL,
    url: () => '/users/me/schools',
    scope: 'self',
    priority: true,
    // KEK's getSchools expects exactly one.
    check: (b, c, a) =>
      a !== 'parent' && !(b as number[]).includes(c.school) ? `lacks the demo school ${c.school}` : undefined,
  },
  {
    route: 'GET /v2/users/me/edu-groups',
    schema: S.ID_LIST,
    actors: ALL,
    url: () => '/users/me/edu-groups',
    scope: 'self',
    priority: true,
    check: (b, c, a) =>
      a === 'student' && !(b as number[]).includes(c.group) ? `lacks the student's class ${c.group}` : undefined,
  },
  {
    route: 'GET /v2/users/me/roles',
    schema: S.Roles,
    actors: ALL,
    url: () => '/users/me/roles',
    scope: 'self',
    priority: true,
    check: (b, _c, a) => {
      const want = { student: 'EduStudent', parent: 'EduParent', teacher: 'EduStaff' }[a];
      return (b as string[]).includes(want) ? undefined : `roles of the demo ${a} lack ${want}`;
    },
  },
  {
    route: 'GET /v2/users/:user',
    schema: S.User,
    actors: ['student', 'parent'],
    url: (c) => `/users/${c.studentUser}`,
    scope: 'person',
    check: (b, c) => ((b as Obj).personId === c.student ? undefined : 'not the student'),
  },
  {
    route: 'GET /v2/users/:user/context',
    schema: S.Context,
    actors: ['student'],
    url: (c) => `/users/${c.studentUser}/context`,
    scope: 'person',
  },
  {
    route: 'GET /v2/users/:user/schools',
    schema: S.ID_LIST,
    actors: ['student'],
    url: (c) => `/users/${c.studentUser}/schools`,
    scope: 'person',
  },
  {
    route: 'GET /v2/users/:user/edu-groups',
    schema: S.ID_LIST,
    actors: ['student'],
    url: (c) => `/users/${c.studentUser}/edu-groups`,
    scope: 'person',
  },
  {
    route: 'GET /v2/users/:user/roles',
    schema: S.Roles,
    actors: ['student'],
    url: (c) => `/users/${c.studentUser}/roles`,
    scope: 'person',
  },
  {
    route: 'GET /v2/users/me/classmates',
    schema: S.ID_LIST,
    actors: ['student'],
    url: () => '/users/me/classmates',
    scope: 'self',
  },
  {
    route: 'GET /v2/users/me/relatives',
    schema: S.arrayOf(S.Relative),
    actors: ['student', 'parent'],
    url: () => '/users/me/relatives',
    scope: 'self',
  },
  {
    route: 'GET /v2/users/me/children',
    schema: S.ID_LIST,
    actors: ['parent'],
    url: () => '/users/me/children',
    scope: 'self',
    check: nonEmpty("the parent's children"),
  },
  {
    route: 'POST /v2/users/many',
    schema: S.arrayOf(S.User),
    actors: ['student'],
    url: () => '/users/many',
    body: (c) => [c.studentUser],
    scope: 'person',
    batch: true,
  },

  // ------------------------------------------------------------------------------------ §5.8.2 persons
  {
    route: 'GET /v2/persons/:person',
    schema: S.Person,
    actors: PERSON_ACTORS,
    url: (c) => `/persons/${c.student}`,
    scope: 'person',
    priority: true,
    check: (b, c) => ((b as Obj).id === c.student ? undefined : 'not the student'),
  },
  {
    route: 'GET /v2/persons',
    schema: S.arrayOf(S.Person),
    actors: ['teacher', 'student'],
    url: (c) => `/persons?eduGroup=${c.group}`,
    scope: 'school',
    priority: true,
    check: (b, c) => (hasId(b, c.student) ? undefined : "the class's persons lack the demo student"),
  },
  {
    route: 'GET /v2/persons/:person/edu-groups',
    schema: S.arrayOf(S.EduGroup),
    actors: PERSON_ACTORS,
    url: (c) => `/persons/${c.student}/edu-groups`,
    scope: 'person',
    priority: true,
    check: (b, c) => (hasId(b, c.group) ? undefined : `lacks the student's class ${c.group}`),
  },
  {
    route: 'GET /v2/persons/:person/edu-groups/all',
    schema: S.arrayOf(S.EduGroup),
    actors: ['student'],
    url: (c) => `/persons/${c.student}/edu-groups/all`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/schools/:school/edu-groups',
    schema: S.arrayOf(S.EduGroup),
    actors: PERSON_ACTORS,
    url: (c) => `/persons/${c.student}/schools/${c.school}/edu-groups`,
    scope: 'person',
    priority: true,
    check: (b, c) => (hasId(b, c.group) ? undefined : `lacks the student's class ${c.group}`),
  },

  // ------------------------------------------------------------------------------------ §5.8.3 schools
  {
    route: 'GET /v2/schools/:school',
    schema: S.School,
    actors: ALL,
    url: (c) => `/schools/${c.school}`,
    scope: 'school',
    priority: true,
    check: (b, c) => ((b as Obj).id === c.school ? undefined : 'not the demo school'),
  },
  {
    route: 'GET /v2/schools/person-schools',
    schema: S.arrayOf(S.PersonSchool),
    actors: ALL,
    url: () => '/schools/person-schools',
    scope: 'self',
    priority: true,
    // The Kundelik homework bot takes [0].id.
    check: (b, c, a) => (a === 'parent' || list(b)[0]?.id === c.school ? undefined : '[0].id is not the demo school'),
  },
  {
    route: 'GET /v2/schools',
    schema: S.arrayOf(S.School),
    actors: ['student'],
    url: (c) => `/schools?schools=${c.school}`,
    scope: 'school',
    batch: true,
  },
  {
    route: 'GET /v2/schools/:school/teachers',
    schema: S.arrayOf(S.Teacher),
    actors: ['teacher'],
    url: (c) => `/schools/${c.school}/teachers`,
    scope: 'school',
  },
  {
    route: 'GET /v2/schools/:school/edu-groups',
    schema: S.arrayOf(S.EduGroup),
    actors: ['teacher'],
    url: (c) => `/schools/${c.school}/edu-groups`,
    scope: 'school',
  },
  {
    route: 'GET /v2/schools/:school/subjects',
    schema: S.arrayOf(S.Subject),
    actors: ['teacher'],
    url: (c) => `/schools/${c.school}/subjects`,
    scope: 'school',
  },
  {
    route: 'GET /v2/schools/:school/timetables',
    schema: S.Timetables,
    actors: ['teacher'],
    url: (c) => `/schools/${c.school}/timetables`,
    scope: 'school',
  },
  {
    route: 'GET /v2/work-types/:school',
    schema: S.arrayOf(S.SchoolWorkType),
    actors: ['teacher'],
    url: (c) => `/work-types/${c.school}`,
    scope: 'school',
  },

  // --------------------------------------------------------------------------------- §5.8.4 edu-groups
  {
    route: 'GET /v2/edu-groups/:group',
    schema: S.EduGroup,
    actors: ALL,
    url: (c) => `/edu-groups/${c.group}`,
    scope: 'school',
    priority: true,
    // KEK keeps only status === 'Active'.
    check: (b, c) =>
      (b as Obj).id !== c.group
        ? 'not the class'
        : (b as Obj).status !== 'Active'
          ? 'the current class is not Active'
          : undefined,
  },
  {
    route: 'GET /v2/edu-groups',
    schema: S.arrayOf(S.EduGroup),
    actors: ['student'],
    url: (c) => `/edu-groups?eduGroups=${c.group}`,
    scope: 'school',
    batch: true,
  },
  {
    route: 'GET /v2/edu-groups/:group/persons',
    schema: S.arrayOf(S.Person),
    actors: ['teacher', 'student'],
    url: (c) => `/edu-groups/${c.group}/persons`,
    scope: 'school',
    priority: true,
    check: (b, c) => (hasId(b, c.student) ? undefined : 'lacks the demo student'),
  },
  {
    route: 'GET /v2/edu-groups/:group/students',
    schema: S.arrayOf(S.Person),
    actors: ['teacher', 'student'],
    url: (c) => `/edu-groups/${c.group}/students`,
    scope: 'school',
    priority: true,
    check: (b, c) => (hasId(b, c.student) ? undefined : 'lacks the demo student'),
  },
  {
    route: 'GET /v2/edu-groups/:group/subjects',
    schema: S.arrayOf(S.Subject),
    actors: ALL,
    url: (c) => `/edu-groups/${c.group}/subjects`,
    scope: 'school',
    priority: true,
    check: (b, c) => (hasId(b, c.subject) ? undefined : 'lacks mathematics'),
  },
  {
    route: 'GET /v2/edu-groups/:group/reporting-periods',
    schema: S.arrayOf(S.ReportingPeriod),
    actors: ALL,
    url: (c) => `/edu-groups/${c.group}/reporting-periods`,
    scope: 'school',
    priority: true,
    check: (b, c) => (hasId(b, c.period) ? undefined : `lacks the current quarter ${c.period}`),
  },
  {
    route: 'GET /v2/edu-groups/:group/reporting-period-group',
    schema: S.ReportingPeriodGroup,
    actors: ['student'],
    url: (c) => `/edu-groups/${c.group}/reporting-period-group`,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-groups/:group/timetables',
    schema: S.Timetables,
    actors: ALL,
    url: (c) => `/edu-groups/${c.group}/timetables`,
    scope: 'school',
    priority: true,
    check: nonEmpty('the class bell timetable'),
  },
  {
    route: 'GET /v2/edu-groups/:group/lessons/:from/:to',
    schema: S.arrayOf(S.Lesson),
    actors: ALL,
    url: (c, f) => `/edu-groups/${c.group}/lessons/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
    priority: true,
    check: (b, c) => (hasId(b, c.lesson) ? undefined : `lacks lesson ${c.lesson} of that week`),
  },
  {
    route: 'GET /v2/edu-groups/:group/subjects/:subject/lessons/:from/:to',
    schema: S.arrayOf(S.Lesson),
    actors: ['teacher'],
    url: (c, f) => `/edu-groups/${c.group}/subjects/${c.subject}/lessons/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-groups/:group/marks/:from/:to',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: (c, f) => `/edu-groups/${c.group}/marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
    priority: true,
    check: nonEmpty("the class's marks of the week"),
  },
  {
    route: 'GET /v2/edu-groups/:group/subjects/:subject/marks/:from/:to',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: (c, f) => `/edu-groups/${c.group}/subjects/${c.subject}/marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-groups/:group/final-marks',
    schema: S.arrayOf(S.GroupFinalMarks),
    actors: ['teacher'],
    url: (c) => `/edu-groups/${c.group}/final-marks`,
    scope: 'school',
    priority: true,
  },
  {
    route: 'GET /v2/edu-groups/:group/subjects/:subject/final-marks',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: (c) => `/edu-groups/${c.group}/subjects/${c.subject}/final-marks`,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-groups/:group/parallel',
    schema: S.arrayOf(S.EduGroup),
    actors: ['teacher'],
    url: (c) => `/edu-groups/${c.group}/parallel`,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-groups/:group/teachers',
    schema: S.arrayOf(S.Person),
    actors: ['student'],
    url: (c) => `/edu-groups/${c.group}/teachers`,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-groups/:group/classteacher',
    schema: S.Person,
    actors: ['student'],
    url: (c) => `/edu-groups/${c.group}/classteacher`,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-groups/:group/reporting-periods/:period/avg-marks/:date',
    schema: S.arrayOf(S.GroupAvgMark),
    actors: ['teacher'],
    url: (c, f) => `/edu-groups/${c.group}/reporting-periods/${c.period}/avg-marks/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
    check: nonEmpty("the class's averages"),
  },
  {
    route: 'GET /v2/edu-groups/:group/avg-marks/:from/:to',
    schema: S.arrayOf(S.TinyAvgMark),
    actors: ['teacher'],
    url: (c, f) => `/edu-groups/${c.group}/avg-marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-groups/:group/wa-marks/:from/:to',
    schema: S.WeightedMarks,
    actors: ['teacher'],
    url: (c, f) => `/edu-groups/${c.group}/wa-marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'school',
  },
  {
    route: 'POST /v2/edu-groups/students',
    schema: S.arrayOf(S.GroupWithStudents),
    actors: ['teacher'],
    url: () => '/edu-groups/students',
    body: (c) => [c.group],
    scope: 'school',
    batch: true,
  },
  {
    route: 'GET /v2/edu-groups/students',
    schema: S.arrayOf(S.GroupWithStudents),
    actors: ['teacher'],
    url: (c) => `/edu-groups/students?eduGroups=${c.group}`,
    scope: 'school',
    batch: true,
  },
  {
    route: 'POST /v2/edu-groups',
    schema: S.arrayOf(S.GroupWithStudents),
    actors: ['teacher'],
    url: () => '/edu-groups',
    body: (c) => [c.group],
    scope: 'school',
    batch: true,
  },

  // ------------------------------------------------------------------------------------ §5.8.5 lessons
  {
    route: 'GET /v2/lessons/:lesson',
    schema: S.Lesson,
    actors: ALL,
    url: (c) => `/lessons/${c.lesson}`,
    scope: 'school',
    priority: true,
    check: (b, c) => ((b as Obj).id === c.lesson ? undefined : 'not the lesson'),
  },
  {
    route: 'GET /v2/lessons/:lesson/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher', 'student'],
    url: (c) => `/lessons/${c.lesson}/marks`,
    scope: 'school',
    priority: true,
    check: nonEmpty("the lesson's marks"),
  },
  {
    route: 'POST /v2/lessons/many',
    schema: S.arrayOf(S.Lesson),
    actors: ['teacher'],
    url: () => '/lessons/many',
    body: (c) => [c.lesson],
    scope: 'school',
    batch: true,
  },
  {
    route: 'POST /v2/lessons/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: () => '/lessons/marks',
    body: (c) => [c.lesson],
    scope: 'school',
    batch: true,
    check: nonEmpty("the lesson's marks"),
  },
  {
    route: 'POST /v2/lessons/many/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: () => '/lessons/many/marks',
    body: (c) => [c.lesson],
    scope: 'school',
    batch: true,
    check: nonEmpty("the lesson's marks"),
  },
  {
    route: 'GET /v2/lessons/:lesson/log-entries',
    schema: S.arrayOf(S.LessonLogEntry),
    actors: ['teacher'],
    url: (c) => `/lessons/${c.lesson}/log-entries`,
    scope: 'school',
    // The suite marks the student late at that lesson (demo-context.ts).
    check: (b, c) =>
      list(b).some((e) => e.person === c.student && e.status === 'Late') ? undefined : "lacks the student's Late entry",
  },
  {
    route: 'GET /v2/lessons/:lesson/tasks',
    schema: S.arrayOf(S.Task),
    actors: ['teacher'],
    url: (c) => `/lessons/${c.lesson}/tasks`,
    scope: 'school',
  },
  {
    route: 'GET /v2/works',
    schema: S.arrayOf(S.Work),
    actors: ['teacher'],
    url: (c) => `/works?lesson=${c.lesson}`,
    scope: 'school',
  },
  {
    route: 'POST /v2/works/many',
    schema: S.arrayOf(S.Work),
    actors: ['teacher'],
    url: () => '/works/many',
    body: (c) => [c.work],
    scope: 'school',
    batch: true,
    check: (b, c) => (hasId(b, c.work) ? undefined : `lacks work ${c.work}`),
  },
  {
    route: 'GET /v2/tasks',
    schema: S.arrayOf(S.Task),
    actors: ['student'],
    url: (c) => `/tasks?lessons=${c.lesson}`,
    scope: 'school',
    batch: true,
  },
  {
    route: 'GET /v2/works/:work',
    schema: S.Work,
    actors: ['teacher', 'student'],
    url: (c) => `/works/${c.work}`,
    scope: 'school',
  },
  {
    route: 'GET /v2/works/:work/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['teacher'],
    url: (c) => `/works/${c.work}/marks`,
    scope: 'school',
  },
  {
    route: 'GET /v2/works/:work/tasks',
    schema: S.arrayOf(S.Task),
    actors: ['teacher'],
    url: (c) => `/works/${c.work}/tasks`,
    scope: 'school',
  },
  {
    route: 'GET /v2/works/:work/marks/histogram',
    schema: S.WorkHistogram,
    actors: ['student'],
    url: (c) => `/works/${c.work}/marks/histogram`,
    scope: 'school',
  },
  {
    route: 'GET /v2/tasks/:task',
    schema: S.Task,
    actors: ['student'],
    url: (c) => `/tasks/${c.task}`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/tasks',
    schema: S.arrayOf(S.Task),
    actors: ['student', 'parent'],
    url: (c, f) => `/persons/${c.student}/tasks?from=${f.query(c.from)}&to=${f.query(c.to)}`,
    dates: true,
    scope: 'person',
  },
  {
    route: 'GET /v2/marks/:mark',
    schema: S.Mark,
    actors: ['student', 'teacher'],
    url: (c) => `/marks/${c.mark}`,
    scope: 'person',
  },

  // --------------------------------------------------------------- §5.8.6 a person's marks, schedules
  {
    route: 'GET /v2/persons/:person/schools/:school/marks/:from/:to',
    schema: S.arrayOf(S.Mark),
    actors: PERSON_ACTORS,
    url: (c, f) => `/persons/${c.student}/schools/${c.school}/marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'person',
    priority: true,
    check: marksOfStudent,
  },
  {
    route: 'GET /v2/persons/:person/edu-groups/:group/marks/:from/:to',
    schema: S.arrayOf(S.Mark),
    actors: PERSON_ACTORS,
    url: (c, f) => `/persons/${c.student}/edu-groups/${c.group}/marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'person',
    priority: true,
    check: marksOfStudent,
  },
  {
    route: 'GET /v2/persons/:person/subjects/:subject/marks/:from/:to',
    schema: S.arrayOf(S.Mark),
    actors: ['student', 'parent'],
    url: (c, f) => `/persons/${c.student}/subjects/${c.subject}/marks/${f.path(c.from)}/${f.path(c.to)}`,
    dates: true,
    scope: 'person',
    check: marksOfStudent,
  },
  {
    route: 'GET /v2/persons/:person/lessons/:lesson/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['student', 'parent'],
    url: (c) => `/persons/${c.student}/lessons/${c.lesson}/marks`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/works/:work/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['student', 'parent'],
    url: (c) => `/persons/${c.student}/works/${c.work}/marks`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/marks/:date',
    schema: S.arrayOf(S.Mark),
    actors: ['student'],
    url: (c, f) => `/persons/${c.student}/marks/${f.path(c.day)}`,
    dates: true,
    scope: 'person',
  },
  {
    route: 'GET /v2/lessons/:date/persons/:person/marks',
    schema: S.arrayOf(S.Mark),
    actors: ['student'],
    url: (c, f) => `/lessons/${f.path(c.day)}/persons/${c.student}/marks`,
    dates: true,
    scope: 'person',
  },
  {
    // Singular `group` (§5.6); J2ME sends limit=10.
    route: 'GET /v2/persons/:person/group/:group/recentmarks',
    schema: S.RecentMarks,
    actors: PERSON_ACTORS,
    url: (c, f) => `/persons/${c.student}/group/${c.group}/recentmarks?fromDate=${f.query(c.from)}&limit=10`,
    dates: true,
    scope: 'person',
    priority: true,
    check: (b) => {
      const r = b as Obj;
      if (!list(r.marks).length) return 'no recent marks for the demo student';
      // VL1 joins marks → lessons → subjects by id: every mark's lesson must be in lessons[].
      const lessons = new Set(list(r.lessons).map((l) => l.id));
      const orphan = list(r.marks).find((m) => m.lesson != null && !lessons.has(m.lesson));
      return orphan ? `mark ${String(orphan.id)}'s lesson ${String(orphan.lesson)} is not in lessons[]` : undefined;
    },
  },
  {
    route: 'GET /v2/persons/:person/groups/:group/schedules',
    schema: S.Schedule,
    actors: PERSON_ACTORS,
    url: (c, f) =>
      `/persons/${c.student}/groups/${c.group}/schedules?startDate=${f.query(c.from)}&endDate=${f.query(c.to)}`,
    dates: true,
    scope: 'person',
    priority: true,
    check: (b, c) => {
      const days = list((b as Obj).days);
      if (!days.some((d) => list(d.lessons).length)) return 'the week has no lessons';
      // J2ME joins lesson.subjectId → subjects[].id and mark.lesson → lesson.id within a day.
      for (const d of days) {
        const subjects = new Set(list(d.subjects).map((s) => s.id));
        const lessons = new Set(list(d.lessons).map((l) => l.id));
        const l = list(d.lessons).find((x) => !subjects.has(x.subjectId));
        if (l) return `${String(d.date)}: lesson ${String(l.id)}'s subjectId is not in that day's subjects[]`;
        const m = list(d.marks).find((x) => x.lesson != null && !lessons.has(x.lesson));
        if (m) return `${String(d.date)}: mark ${String(m.id)}'s lesson is not in that day's lessons[]`;
      }
      if (!days.some((d) => list(d.marks).some((m) => m.person === c.student))) return 'the week shows no marks';
      return undefined;
    },
  },

  // ------------------------------------------------------ §5.8.7 homeworks, averages, feed, lesson log
  {
    route: 'GET /v2/users/me/school/:school/homeworks',
    schema: S.Homeworks,
    actors: ['student'],
    url: (c, f) => `/users/me/school/${c.school}/homeworks?startDate=${f.query(c.from)}&endDate=${f.query(c.to)}`,
    dates: true,
    scope: 'school',
    priority: true,
    check: (b) => {
      const h = b as Obj;
      if (!list(h.works).length) return 'no homework in the week (the suite sets some)';
      const subjects = new Set(list(h.subjects).map((s) => s.id));
      const w = list(h.works).find((x) => !subjects.has(x.subjectId));
      return w ? `work ${String(w.id)}'s subjectId is not in subjects[]` : undefined;
    },
  },
  {
    route: 'GET /v2/persons/:person/school/:school/homeworks',
    schema: S.Homeworks,
    actors: ['parent', 'student'],
    url: (c, f) =>
      `/persons/${c.student}/school/${c.school}/homeworks?startDate=${f.query(c.from)}&endDate=${f.query(c.to)}`,
    dates: true,
    scope: 'person',
    check: (b) => (list((b as Obj).works).length ? undefined : 'no homework in the week (the suite sets some)'),
  },
  {
    route: 'GET /v2/persons/:person/reporting-periods/:period/avg-mark',
    schema: S.AvgMark,
    actors: PERSON_ACTORS,
    url: (c) => `/persons/${c.student}/reporting-periods/${c.period}/avg-mark`,
    scope: 'person',
    priority: true,
  },
  {
    route: 'GET /v2/persons/:person/reporting-periods/:period/subjects/:subject/avg-mark',
    schema: S.AvgMark,
    actors: ['student', 'parent'],
    url: (c) => `/persons/${c.student}/reporting-periods/${c.period}/subjects/${c.subject}/avg-mark`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/edu-groups/:group/final-marks',
    schema: S.PersonFinalMarks,
    actors: ['student', 'parent'],
    url: (c) => `/persons/${c.student}/edu-groups/${c.group}/final-marks`,
    scope: 'person',
  },
  {
    route: 'GET /v2/persons/:person/edu-groups/:group/allfinalmarks',
    schema: S.AllFinalMarks,
    actors: ['student', 'parent'],
    url: (c) => `/persons/${c.student}/edu-groups/${c.group}/allfinalmarks`,
    scope: 'person',
  },
  {
    route: 'GET /v2/users/me/feed',
    schema: S.Feed,
    actors: ['parent', 'student'],
    url: (c, f, a) =>
      `/users/me/feed?date=${f.query(c.day)}&limit=7${a === 'parent' ? `&childPersonId=${c.student}` : ''}`,
    dates: true,
    scope: 'self',
    priority: true,
    check: (b) => (list((b as Obj).days).length ? undefined : 'the feed has no days'),
  },
  {
    route: 'GET /v2/lesson-log-entries/statuses',
    schema: S.LogStatuses,
    actors: ALL,
    url: () => '/lesson-log-entries/statuses',
    scope: 'reference',
    priority: true,
  },
  {
    route: 'GET /v2/persons/:person/lesson-log-entries',
    schema: S.PersonLogEntries,
    actors: ['parent', 'student'],
    url: (c, f) => `/persons/${c.student}/lesson-log-entries?startDate=${f.query(c.from)}&endDate=${f.query(c.to)}`,
    dates: true,
    scope: 'person',
  },
  {
    route: 'GET /v2/lesson-log-entries',
    schema: S.arrayOf(S.LessonLogEntry),
    actors: ['teacher'],
    url: (c) => `/lesson-log-entries?lessons=${c.lesson}`,
    scope: 'school',
    batch: true,
  },
  {
    route: 'GET /v2/lesson-log-entries/lesson/:lesson/person/:person',
    // The reference gives the path only; one entry (ALX-P's reading) or a list.
    schema: { anyOf: [S.LessonLogEntry, S.arrayOf(S.LessonLogEntry)] },
    actors: ['student'],
    url: (c) => `/lesson-log-entries/lesson/${c.lesson}/person/${c.student}`,
    scope: 'person',
  },
  {
    route: 'GET /v2/lesson-log-entries/group/:group',
    schema: S.arrayOf(S.LessonLogEntry),
    actors: ['teacher'],
    url: (c, f) =>
      `/lesson-log-entries/group/${c.group}?subject=${c.subject}&from=${f.query(c.from)}&to=${f.query(c.to)}`,
    dates: true,
    scope: 'school',
  },
  {
    route: 'GET /v2/lesson-log-entries/person/:person/subject/:subject',
    schema: S.arrayOf(S.LessonLogEntry),
    actors: ['student', 'parent'],
    url: (c, f) =>
      `/lesson-log-entries/person/${c.student}/subject/${c.subject}?from=${f.query(c.from)}&to=${f.query(c.to)}`,
    dates: true,
    scope: 'person',
  },
  {
    route: 'GET /v2/marks/values',
    schema: S.MarkValues,
    actors: ALL,
    url: () => '/marks/values',
    scope: 'reference',
    priority: true,
  },
  {
    route: 'GET /v2/marks/values/type/:type',
    schema: S.arrayOf({ type: 'string' }),
    actors: ['student'],
    url: () => '/marks/values/type/mark10',
    scope: 'reference',
  },
  {
    route: 'GET /v2/periods/:period/subjects/:subject/groups/:group/marks/histogram',
    schema: S.PeriodHistogram,
    actors: ['student'],
    url: (c) => `/periods/${c.period}/subjects/${c.subject}/groups/${c.group}/marks/histogram`,
    scope: 'school',
  },

  // ----------------------------------------------- §1.10 criteria (СОр/СОч) marks: paths only, no field list
  {
    route: 'GET /v2/edu-group/:group/subject/:subject/period/:period/criteria-marks-sections',
    schema: S.Undocumented,
    actors: ['teacher'],
    url: (c) => `/edu-group/${c.group}/subject/${c.subject}/period/${c.period}/criteria-marks-sections`,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-group/:group/person/:person/subject/:subject/period/:period/criteria-marks',
    schema: S.Undocumented,
    actors: ['student', 'parent'],
    url: (c) => `/edu-group/${c.group}/person/${c.student}/subject/${c.subject}/period/${c.period}/criteria-marks`,
    scope: 'person',
  },
  {
    route: 'GET /v2/edu-group/:group/period/:period/criteria-marks',
    schema: S.Undocumented,
    actors: ['teacher'],
    url: (c) => `/edu-group/${c.group}/period/${c.period}/criteria-marks`,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-group/:group/subject/:subject/period/:period/criteria-marks',
    schema: S.Undocumented,
    actors: ['teacher'],
    url: (c) => `/edu-group/${c.group}/subject/${c.subject}/period/${c.period}/criteria-marks`,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-group/:group/criteria-marks-totals',
    schema: S.Undocumented,
    actors: ['teacher'],
    url: (c) => `/edu-group/${c.group}/criteria-marks-totals`,
    scope: 'school',
  },
  {
    route: 'GET /v2/edu-group/:group/subject/:subject/criteria-marks-totals',
    schema: S.Undocumented,
    actors: ['teacher'],
    url: (c) => `/edu-group/${c.group}/subject/${c.subject}/criteria-marks-totals`,
    scope: 'school',
  },
];

/** The v2 login: public, tested on its own (compat.test.ts "login"), not through the table. */
export const LOGIN_ROUTE = 'POST /v2/authorizations/bycredentials';

/** "GET /v2.0/persons/:personId" → "GET /v2/persons/:" — how routes and rows are matched. */
export function normalRoute(method: string, url: string): string {
  const path = url
    .replace(/^\/v2\.0(?=\/|$)/, '/v2')
    .replace(/:[A-Za-z0-9_]+(\([^)]*\))?/g, ':')
    .replace(/\/$/, '');
  return `${method} ${path}`;
}

export const rowKey = (row: Row) => {
  const [method, url] = row.route.split(' ') as [string, string];
  return normalRoute(method, url);
};

/**
 * Whether a row is served by a registered route (both normalised): segments equal, or the row's `me` where the
 * route has a parameter (`/users/:user` answers `/users/me` too). Nothing else matches a parameter, so a row such
 * as `GET /v2/edu-groups/students` is not taken for `GET /v2/edu-groups/:group`.
 */
export function rowMatches(rowRoute: string, route: string): boolean {
  const a = rowRoute.split('/');
  const b = route.split('/');
  return a.length === b.length && a.every((seg, i) => seg === b[i] || (seg === 'me' && b[i] === ':'));
}

/** The rows a set of registered routes serves, and the registered routes no row covers. */
export function coverage(registered: Iterable<string>, ignore: Set<string>) {
  const live = [...registered];
  const keys = ROWS.map(rowKey);
  return {
    served: (row: Row) => live.some((r) => rowMatches(rowKey(row), r)),
    uncovered: live.filter((r) => !ignore.has(r) && !keys.some((k) => rowMatches(k, r))),
  };
}
