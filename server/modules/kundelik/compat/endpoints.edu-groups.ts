import { ALL, hasId, nonEmpty, type Obj, type Row } from './endpoints.types.js';
import * as S from './schemas.js';

/** §1.5/§1.6 classes (edu-groups), their persons, subjects, reporting periods, timetables. */
export const ROWS: Row[] = [
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
    route: 'GET /v2/users/:user/edu-groups',
    schema: S.ID_LIST,
    actors: ['student'],
    url: (c) => `/users/${c.studentUser}/edu-groups`,
    scope: 'person',
  },
  {
    route: 'GET /v2/schools/:school/edu-groups',
    schema: S.arrayOf(S.EduGroup),
    actors: ['teacher'],
    url: (c) => `/schools/${c.school}/edu-groups`,
    scope: 'school',
  },
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
];
