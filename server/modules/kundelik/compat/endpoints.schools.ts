import { ALL, list, type Obj, type Row } from './endpoints.types.js';
import * as S from './schemas.js';

/** §1.4 schools, their teachers, classes, subjects, work types. */
export const ROWS: Row[] = [
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
    route: 'GET /v2/users/:user/schools',
    schema: S.ID_LIST,
    actors: ['student'],
    url: (c) => `/users/${c.studentUser}/schools`,
    scope: 'person',
  },
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
];
